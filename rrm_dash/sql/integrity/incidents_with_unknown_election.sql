-- Incidents tied to an election that does not exist.
select incident_id, election_id from incident
where election_id is not null and election_id not in (select election_id from election)
