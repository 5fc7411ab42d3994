-- Filtered incidents per G7 heading and month of detection, with how many target women (a
-- women target, or a gender dimension targeting women or a gendered narrative) and how many
-- target a vulnerable group (a vulnerable-group target, or LGBTQI+ people). Every heading and
-- every month of the filter bar's period is listed (months of the data when it has no period).
-- Parameters: none.
with incidents as (
    select incident_id, heading, gender_dimension, date_trunc('month', detected_at)::date as month
    from filtered_incident()
),
targets as (
    select
        incident_id,
        bool_or(gender = 'women') as women,
        bool_or(vulnerable_group <> 'none') as vulnerable
    from filtered_incident_target()
    group by incident_id
),
flagged as (
    select
        incidents.heading,
        incidents.month,
        incidents.gender_dimension in ('targets_women', 'gendered_narrative')
            or coalesce(targets.women, false) as women,
        incidents.gender_dimension = 'targets_lgbtqi'
            or coalesce(targets.vulnerable, false) as vulnerable
    from incidents
    left join targets using (incident_id)
),
bounds as (
    select
        date_trunc('month', coalesce(incident_filter().date_from, min(month)))::date as first_month,
        date_trunc('month', coalesce(incident_filter().date_to, max(month)))::date as last_month
    from incidents
),
spine as (
    select unnest(generate_series(first_month, last_month, interval 1 month))::date as month
    from bounds
    where first_month is not null
),
headings as (
    select code as heading, rank from vocabulary where vocabulary = 'heading'
)
select
    headings.heading,
    spine.month,
    count(flagged.heading)::bigint as incidents,
    count(*) filter (where flagged.women)::bigint as women,
    count(*) filter (where flagged.vulnerable)::bigint as vulnerable
from headings
cross join spine
left join flagged on flagged.heading = headings.heading and flagged.month = spine.month
group by headings.heading, headings.rank, spine.month
order by spine.month, headings.rank
