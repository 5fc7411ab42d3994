-- What the STIX export carries beyond the CSV template for the filter bar's incidents the viewer
-- may see: the countries each amplifies in and its sources with every detail (sorted lists,
-- empty when none). One row per incident, sorted by incident_id.
with chosen as (
    select incident_id from filtered_incident()
),
amplification as (
    select incident_id, list(country_code order by country_code) as amplification_countries
    from scoped_incident_country()
    where role = 'amplification' and incident_id in (select incident_id from chosen)
    group by incident_id
),
sources as (
    select
        incident_id,
        list(
            {'url': url, 'archive_url': archive_url, 'source_category': source_category,
             'is_claim': is_claim, 'published_on': published_on}
            order by url
        ) as sources
    from scoped_incident_source()
    where incident_id in (select incident_id from chosen)
    group by incident_id
)
select
    chosen.incident_id,
    coalesce(amplification.amplification_countries, []::varchar[]) as amplification_countries,
    sources.sources
from chosen
left join amplification using (incident_id)
left join sources using (incident_id)
order by chosen.incident_id
