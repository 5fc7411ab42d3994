-- The 10 most recently detected visible incidents that share a visible actor or narrative with one
-- visible incident, with what they share. Parameters: $incident_id (text).
with shared_actor as (
    select other.incident_id, actor.name as shared
    from scoped_incident_actor() as this
    join scoped_incident_actor() as other on other.actor_id = this.actor_id
    join scoped_actor() as actor on actor.actor_id = this.actor_id
    where this.incident_id = $incident_id and other.incident_id <> $incident_id
),
shared_narrative as (
    select other.incident_id, narrative.name as shared
    from scoped_incident_narrative() as this
    join scoped_incident_narrative() as other on other.narrative_id = this.narrative_id
    join scoped_narrative() as narrative on narrative.narrative_id = this.narrative_id
    where this.incident_id = $incident_id and other.incident_id <> $incident_id
),
shared as (
    select incident_id, string_agg(distinct shared, ', ' order by shared) as shared
    from (select * from shared_actor union all select * from shared_narrative)
    group by incident_id
)
select
    incident.incident_id,
    incident.detected_at,
    incident.title,
    heading.label_en as heading_en,
    heading.label_fr as heading_fr,
    incident.tlp,
    shared.shared
from shared
join scoped_incident() as incident on incident.incident_id = shared.incident_id
left join vocabulary as heading
    on heading.vocabulary = 'heading' and heading.code = incident.heading
order by incident.detected_at desc, incident.incident_id
limit 10
