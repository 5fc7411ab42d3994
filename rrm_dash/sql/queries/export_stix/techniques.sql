-- The DISARM techniques tagged on the filter bar's incidents that the viewer may see, with their
-- name and their tactic's id and name, sorted by disarm_id.
select
    technique.disarm_id,
    technique.name,
    technique.tactic_id,
    tactic.name as tactic_name
from disarm_technique as technique
join disarm_tactic as tactic using (tactic_id)
where technique.disarm_id in (
    select link.disarm_id from scoped_incident_technique() as link
    where link.incident_id in (select incident_id from filtered_incident())
)
order by technique.disarm_id
