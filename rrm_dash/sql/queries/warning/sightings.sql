-- Every sighting of an actor, a narrative or a technique combination against a member or
-- observer in the filtered incidents (the filter bar's period must be the signal window): one
-- row per incident, targeted member and item. A technique combination is the incident's DISARM
-- ids, sorted and joined by '+' (only incidents with two or more techniques have one).
-- Parameters: none.
with incidents as (
    select incident_id, detected_at::date as day from filtered_incident()
),
targeted as (
    select target.incident_id, target.country_code as member
    from filtered_incident_country() as target
    join member on member.member_code = target.country_code
    where target.role = 'targeted' and member.status in ('member', 'observer')
),
items as (
    select link.incident_id, 'actor' as kind, actor.actor_id as item, actor.name as label
    from filtered_incident_actor() as link
    join scoped_actor() as actor using (actor_id)
    union all
    select link.incident_id, 'narrative', narrative.narrative_id, narrative.name
    from filtered_incident_narrative() as link
    join scoped_narrative() as narrative using (narrative_id)
    union all
    select
        link.incident_id,
        'techniques',
        string_agg(link.disarm_id, '+' order by link.disarm_id),
        string_agg(coalesce(technique.name, link.disarm_id), ' + ' order by link.disarm_id)
    from filtered_incident_technique() as link
    left join disarm_technique as technique using (disarm_id)
    group by link.incident_id
    having count(*) >= 2
)
select incidents.incident_id, targeted.member, incidents.day, items.kind, items.item, items.label
from incidents
join targeted using (incident_id)
join items using (incident_id)
order by incidents.day, incidents.incident_id, targeted.member, items.kind, items.item
