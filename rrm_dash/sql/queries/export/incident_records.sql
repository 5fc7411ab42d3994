-- Every incident of the filter bar that the viewer may see, one row each, with every column of
-- the CSV import template (rrm_dash/ingest/csv_template.py) in its order, then stix_id,
-- created_at, updated_at and amplifiers. Without filters (no `filters` variable set),
-- filtered_incident() is every incident in scope. The list columns come from the viewer's
-- scoped link tables, so a linked actor or narrative the viewer may not see is not listed;
-- each list is sorted and empty (never null) when there is nothing to list. `actors` holds
-- the perpetrators (the template's meaning), `amplifiers` the amplifying actors (not in the
-- template). The originator is null where the Chatham House Rule hides it from the viewer.
with chosen as (
    select incident.*, text.summary
    from filtered_incident() as incident
    join filtered_incident_text() as text using (incident_id)
),
countries as (
    select
        incident_id,
        list(country_code order by country_code) filter (where role = 'targeted')
            as targeted_countries,
        list(country_code order by country_code) filter (where role = 'origin')
            as origin_countries
    from scoped_incident_country()
    where incident_id in (select incident_id from chosen)
    group by incident_id
),
techniques as (
    select incident_id, list(disarm_id order by disarm_id) as techniques
    from scoped_incident_technique()
    where incident_id in (select incident_id from chosen)
    group by incident_id
),
actors as (
    select
        incident_id,
        list(actor_id order by actor_id) filter (where role = 'perpetrator') as actors,
        list(actor_id order by actor_id) filter (where role = 'amplifier') as amplifiers
    from scoped_incident_actor()
    where incident_id in (select incident_id from chosen)
    group by incident_id
),
platforms as (
    select incident_id, list(platform order by platform) as platforms
    from scoped_incident_platform()
    where incident_id in (select incident_id from chosen)
    group by incident_id
),
narratives as (
    select incident_id, list(narrative_id order by narrative_id) as narratives
    from scoped_incident_narrative()
    where incident_id in (select incident_id from chosen)
    group by incident_id
),
sources as (
    select incident_id, list(url order by url) as source_urls
    from scoped_incident_source()
    where incident_id in (select incident_id from chosen)
    group by incident_id
)
select
    incident.incident_id,
    incident.title,
    incident.summary,
    incident.first_activity,
    incident.last_activity,
    incident.detected_at,
    incident.assessed_at,
    incident.notified_at,
    incident.published_at,
    incident.heading,
    incident.threat_type,
    incident.tnr_vector,
    incident.attribution_status,
    incident.likelihood,
    incident.analytic_confidence,
    incident.source_reliability,
    incident.info_credibility,
    incident.breakout_scale,
    incident.reach_estimate,
    incident.content_origin,
    incident.election_id,
    incident.election_phase,
    incident.gender_dimension,
    incident.status,
    incident.tlp,
    incident.pap,
    incident.originator_member,
    incident.releasable_to,
    incident.chatham_house,
    coalesce(countries.targeted_countries, []::varchar[]) as targeted_countries,
    coalesce(countries.origin_countries, []::varchar[]) as origin_countries,
    coalesce(techniques.techniques, []::varchar[]) as techniques,
    coalesce(actors.actors, []::varchar[]) as actors,
    coalesce(platforms.platforms, []::varchar[]) as platforms,
    coalesce(narratives.narratives, []::varchar[]) as narratives,
    coalesce(sources.source_urls, []::varchar[]) as source_urls,
    incident.stix_id,
    incident.created_at,
    incident.updated_at,
    coalesce(actors.amplifiers, []::varchar[]) as amplifiers
from chosen as incident
left join countries using (incident_id)
left join techniques using (incident_id)
left join actors using (incident_id)
left join platforms using (incident_id)
left join narratives using (incident_id)
left join sources using (incident_id)
order by incident.incident_id
