-- The DISARM techniques seen in one visible incident, with technique and tactic names, in the
-- framework's tactic order. Parameters: $incident_id (text).
select
    link.disarm_id,
    technique.name as technique_name,
    technique.tactic_id,
    tactic.name as tactic_name,
    link.disarm_version
from scoped_incident_technique() as link
left join disarm_technique as technique on technique.disarm_id = link.disarm_id
left join disarm_tactic as tactic on tactic.tactic_id = technique.tactic_id
where link.incident_id = $incident_id
order by tactic.rank nulls last, link.disarm_id
