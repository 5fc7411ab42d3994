-- DISARM techniques and sub-techniques, by id.
select disarm_id as code, disarm_id || ' ' || name as label_en, disarm_id || ' ' || name as label_fr,
       tactic_id as parent
from disarm_technique
order by disarm_id
