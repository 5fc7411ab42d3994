-- The DISARM techniques most often tagged on the filtered incidents (the election's window and
-- country), by number of incidents. Parameters: $limit (integer).
select
    technique.disarm_id,
    technique.name,
    count(distinct link.incident_id) as incidents
from filtered_incident() as incident
join filtered_incident_technique() as link using (incident_id)
join disarm_technique as technique on technique.disarm_id = link.disarm_id
group by technique.disarm_id, technique.name
order by incidents desc, technique.disarm_id
limit $limit
