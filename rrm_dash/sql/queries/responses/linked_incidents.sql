-- The incidents one coordinated response answers, limited to those the viewer may see, newest
-- first. Parameters: $response_id (text).
select
    incident.incident_id,
    incident.title,
    incident.detected_at,
    incident.heading,
    heading.label_en as heading_en,
    heading.label_fr as heading_fr,
    incident.tlp
from scoped_response_incident() as link
join scoped_incident() as incident using (incident_id)
left join vocabulary as heading
    on heading.vocabulary = 'heading' and heading.code = incident.heading
where link.response_id = $response_id
order by incident.detected_at desc, incident.incident_id
