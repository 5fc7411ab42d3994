-- The latest detection time among the incidents the viewer may see (null when none).
select max(detected_at) as data_as_of from scoped_incident()
