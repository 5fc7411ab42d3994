-- DISARM tactics in the framework's display order.
select tactic_id as code, tactic_id || ' ' || name as label_en, tactic_id || ' ' || name as label_fr
from disarm_tactic
order by rank
