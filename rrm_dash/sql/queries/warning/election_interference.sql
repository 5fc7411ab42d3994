-- For each election's activity period: the election-interference techniques (a tag whose id or
-- parent id is in $interference) on the filtered incidents targeting its country, by number of
-- incidents; and, in a row with disarm_id and name null, how many of those incidents carry at
-- least one of them. The filter bar's period, member and election filters must be cleared.
-- Parameters: $periods (list of struct election_id, country, period_start, period_end),
-- $interference (varchar[]).
with periods as (
    select unnest($periods::struct(
        election_id varchar, country varchar, period_start date, period_end date
    )[], recursive := true)
),
-- each election's incidents first (its country, its period), then their tags
candidates as (
    select periods.election_id, incident.incident_id, incident.technique_ids
    from periods
    join filtered_incident() as incident
        on list_contains(incident.targeted_members, periods.country)
       and incident.detected_at >= periods.period_start
       and incident.detected_at < periods.period_end + interval 1 day
),
tagged as materialized (
    select election_id, incident_id, disarm_id
    from (select election_id, incident_id, unnest(technique_ids) as disarm_id from candidates)
    where technique_chosen(disarm_id, $interference::varchar[])
),
techniques as (
    select
        tagged.election_id,
        tagged.disarm_id,
        coalesce(technique.name, tagged.disarm_id) as name,
        count(*) as incidents
    from tagged
    left join disarm_technique as technique on technique.disarm_id = tagged.disarm_id
    group by tagged.election_id, tagged.disarm_id, technique.name
)
select election_id, disarm_id, name, incidents from techniques
union all
select election_id, null, null, count(distinct incident_id) from tagged group by election_id
order by election_id, disarm_id is not null, incidents desc, disarm_id
