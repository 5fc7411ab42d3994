-- A DISARM technique's id, and with $with_sub_techniques those of its sub-techniques (none
-- when the framework does not list it). Parameters: $disarm_id (text), $with_sub_techniques
-- (boolean).
select disarm_id
from disarm_technique
where disarm_id = $disarm_id
   or ($with_sub_techniques::boolean and parent_id = $disarm_id)
order by disarm_id
