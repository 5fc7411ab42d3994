-- How many incidents the filter bar selects, and how many of them carry a DISARM technique.
-- No parameters.
select
    count(*) as incidents,
    count(*) filter (where len(technique_ids) > 0) as tagged_incidents
from filtered_incident()
