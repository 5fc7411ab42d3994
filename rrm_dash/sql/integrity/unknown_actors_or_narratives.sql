-- Incident links to actors, narratives or channels that do not exist.
select 'actor' as kind, actor_id as id from incident_actor
where actor_id not in (select actor_id from actor)
union all
select 'narrative', narrative_id from incident_narrative
where narrative_id not in (select narrative_id from narrative)
union all
select 'channel', channel_id from incident_platform
where channel_id is not null and channel_id not in (select channel_id from channel)
