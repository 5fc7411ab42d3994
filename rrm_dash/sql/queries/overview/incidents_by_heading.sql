-- Incidents in the filtered set, per G7 heading (every heading listed, zero when none).
select
    heading.code as heading,
    heading.label_en,
    heading.label_fr,
    count(incident.incident_id) as incidents
from vocabulary as heading
left join filtered_incident() as incident on incident.heading = heading.code
where heading.vocabulary = 'heading'
group by heading.code, heading.label_en, heading.label_fr, heading.rank
order by heading.rank
