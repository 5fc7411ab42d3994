-- The 10 most recently detected visible incidents that share a visible actor or narrative with one
-- visible incident, with what they share. Parameters: $incident_id (text).
with this as (
    select actor_ids, narrative_ids
    from scoped_incident_facet()
    where incident_id = $incident_id
),
linked_actor as (
    select actor_id as id, name
    from scoped_actor()
    where actor_id in (select unnest(actor_ids) from this)
),
linked_narrative as (
    select narrative_id as id, name
    from scoped_narrative()
    where narrative_id in (select unnest(narrative_ids) from this)
),
related as (
    select incident_id, detected_at, title, heading, tlp, actor_ids, narrative_ids
    from scoped_incident_facet(),
        (select coalesce(list(id), []) as ids from linked_actor) as actors,
        (select coalesce(list(id), []) as ids from linked_narrative) as narratives
    where incident_id <> $incident_id
      and (has_any_of(actor_ids, actors.ids) or has_any_of(narrative_ids, narratives.ids))
    order by detected_at desc, incident_id
    limit 10
),
shared as (
    select incident_id, string_agg(distinct name, ', ' order by name) as shared
    from (
        select related.incident_id, linked_actor.name
        from (select incident_id, unnest(actor_ids) as id from related) as related
        join linked_actor using (id)
        union all
        select related.incident_id, linked_narrative.name
        from (select incident_id, unnest(narrative_ids) as id from related) as related
        join linked_narrative using (id)
    )
    group by incident_id
)
select
    related.incident_id,
    related.detected_at,
    related.title,
    heading.label_en as heading_en,
    heading.label_fr as heading_fr,
    related.tlp,
    shared.shared
from related
join shared using (incident_id)
left join vocabulary as heading
    on heading.vocabulary = 'heading' and heading.code = related.heading
order by related.detected_at desc, related.incident_id
