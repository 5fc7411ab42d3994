-- The filtered incidents per day of detection and targeted code over their whole history (the
-- filter bar's period must be cleared): an incident targeting two codes counts once for each.
select day, code, count(*) as incidents
from (select detected_at::date as day, unnest(targeted_members) as code from filtered_incident())
group by all
