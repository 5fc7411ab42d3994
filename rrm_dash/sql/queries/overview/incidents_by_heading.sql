-- Incidents in the filtered set, per G7 heading (every heading listed, zero when none).
with counted as (
    select heading, count(*) as incidents from filtered_incident() group by heading
)
select
    heading.code as heading,
    heading.label_en,
    heading.label_fr,
    coalesce(counted.incidents, 0) as incidents
from vocabulary as heading
left join counted on counted.heading = heading.code
where heading.vocabulary = 'heading'
order by heading.rank
