-- The DISARM techniques most often tagged on the filtered incidents (the election's window and
-- country), by number of incidents. Parameters: $limit (integer).
select
    technique.disarm_id,
    technique.name,
    count(*) as incidents
from (select unnest(technique_ids) as disarm_id from filtered_incident()) as link
join disarm_technique as technique on technique.disarm_id = link.disarm_id
group by technique.disarm_id, technique.name
order by incidents desc, technique.disarm_id
limit $limit
