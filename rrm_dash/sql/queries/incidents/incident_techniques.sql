-- The DISARM techniques seen in one visible incident, with technique and tactic names, in the
-- framework's tactic order. A technique the loaded DISARM version retired stays listed with
-- `retired` true and `retired_in` the loaded version's text (the version that lacks it).
-- Parameters: $incident_id (text).
select
    link.disarm_id,
    technique.name as technique_name,
    technique.tactic_id,
    tactic.name as tactic_name,
    link.disarm_version,
    coalesce(technique.retired, false) as retired,
    case when technique.retired
        then (select value from meta where key = 'disarm_version')
    end as retired_in
from scoped_incident_technique() as link
left join disarm_technique as technique on technique.disarm_id = link.disarm_id
left join disarm_tactic as tactic on tactic.tactic_id = technique.tactic_id
where link.incident_id = $incident_id
order by tactic.rank nulls last, link.disarm_id
