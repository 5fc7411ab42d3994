-- What the election risk counts over an activity period, per day of detection and targeted
-- country of the member table (the countries elections are listed for), so that any period's
-- counts are sums over its days: each election-interference technique (a tag whose id or
-- parent id is in $interference) by number of incidents (part 'technique': id, name); how
-- many incidents carry at least one of them (part 'interfering'); and each actor the viewer
-- may see by number of incidents (part 'actor': id, name, actor_kind). The filter bar's period
-- is the days read (a whole month: rrm_dash/queries/months.py); its member and election
-- filters must be cleared.
-- Parameters: $interference (varchar[]).
with incidents as materialized (
    select
        incident.detected_at::date as day,
        targeted.country,
        incident.incident_id,
        incident.technique_ids,
        incident.actor_ids
    from filtered_incident() as incident,
        unnest(incident.targeted_members) as targeted(country)
    where targeted.country in (select member_code from member)
),
tagged as materialized (
    select day, country, incident_id, disarm_id
    from (select day, country, incident_id, unnest(technique_ids) as disarm_id from incidents)
    where technique_chosen(disarm_id, $interference::varchar[])
)
select
    tagged.day,
    tagged.country,
    'technique' as part,
    tagged.disarm_id as id,
    coalesce(technique.name, tagged.disarm_id) as name,
    null::varchar as actor_kind,
    count(*) as incidents
from tagged
left join disarm_technique as technique on technique.disarm_id = tagged.disarm_id
group by tagged.day, tagged.country, tagged.disarm_id, technique.name
union all
select day, country, 'interfering', null, null, null, count(distinct incident_id)
from tagged
group by day, country
union all
select link.day, link.country, 'actor', actor.actor_id, actor.name, actor.actor_kind, count(*)
from (select day, country, unnest(actor_ids) as actor_id from incidents) as link
join scoped_actor() as actor on actor.actor_id = link.actor_id
group by link.day, link.country, actor.actor_id, actor.name, actor.actor_kind
