-- Every DISARM technique's name, by id (reference data: names technique combinations).
-- Parameters: none.
select disarm_id, name from disarm_technique order by disarm_id
