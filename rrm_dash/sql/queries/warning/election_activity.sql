-- For each election's activity period: the filtered incidents targeting its country (detected from
-- period_start to period_end, both days included), those tagged with an election-interference
-- technique (a tag whose id or parent id is in $interference), and the incidents of the baseline
-- (detected from baseline_start to the day before period_start). The filter bar's period, member
-- and election filters must be cleared: the periods and countries come from $periods.
-- Parameters: $periods (list of struct election_id, country, period_start, period_end,
-- baseline_start), $interference (varchar[]).
with periods as (
    select unnest($periods::struct(
        election_id varchar, country varchar, period_start date, period_end date,
        baseline_start date
    )[], recursive := true)
),
-- the interference ids as DISARM lists them (an id, or a sub-technique of one): tested on each
-- incident's technique list with one has_any_of
interference as (
    select coalesce(list(disarm_id), []) as ids
    from disarm_technique
    where technique_chosen(disarm_id, $interference::varchar[])
),
countries as (
    select coalesce(list(distinct country), []) as codes from periods
),
targeted as (
    select country_code, detected_at, interfering
    from (
        select
            unnest(incident.targeted_members) as country_code,
            incident.detected_at,
            has_any_of(incident.technique_ids, interference.ids) as interfering
        from filtered_incident() as incident, interference, countries
        where has_any_of(incident.targeted_members, countries.codes)
    )
    where country_code in (select country from periods)
)
select
    periods.election_id,
    count(*) filter (where targeted.detected_at >= periods.period_start) as incidents,
    count(*) filter (
        where targeted.detected_at >= periods.period_start and targeted.interfering
    ) as interference_incidents,
    count(*) filter (where targeted.detected_at < periods.period_start) as baseline_incidents
from periods
left join targeted
    on targeted.country_code = periods.country
   and targeted.detected_at >= periods.baseline_start
   and targeted.detected_at < periods.period_end + interval 1 day
group by periods.election_id
order by periods.election_id
