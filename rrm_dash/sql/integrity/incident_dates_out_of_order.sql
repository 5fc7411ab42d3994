-- Incidents whose activity or workflow dates run backwards.
select incident_id from incident
where last_activity < first_activity
   or assessed_at < detected_at
   or notified_at < detected_at
