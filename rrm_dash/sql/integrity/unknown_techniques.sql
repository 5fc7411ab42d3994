-- Incident technique tags whose DISARM id is not in the reference (retired ids stay, flagged).
select incident_id, disarm_id from incident_technique
where disarm_id not in (select disarm_id from disarm_technique)
