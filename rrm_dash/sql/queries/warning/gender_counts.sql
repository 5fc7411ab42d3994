-- Filtered incidents per G7 heading and month of detection, with how many target women (a
-- women target, or a gender dimension targeting women or a gendered narrative) and how many
-- target a vulnerable group (a vulnerable-group target, or LGBTQI+ people). Every heading and
-- every month of the filter bar's period is listed (months of the data when it has no period).
-- Parameters: none.
with incidents as (
    select
        heading,
        date_trunc('month', detected_at)::date as month,
        gender_dimension in ('targets_women', 'gendered_narrative') or targets_women as women,
        gender_dimension = 'targets_lgbtqi' or targets_vulnerable as vulnerable
    from filtered_incident()
),
flagged as (
    select heading, month, count(*) as incidents, count(*) filter (where women) as women,
        count(*) filter (where vulnerable) as vulnerable
    from incidents
    group by heading, month
),
bounds as (
    select
        date_trunc('month', coalesce(incident_filter().date_from, min(month)))::date as first_month,
        date_trunc('month', coalesce(incident_filter().date_to, max(month)))::date as last_month
    from flagged
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
    coalesce(flagged.incidents, 0)::bigint as incidents,
    coalesce(flagged.women, 0)::bigint as women,
    coalesce(flagged.vulnerable, 0)::bigint as vulnerable
from headings
cross join spine
left join flagged on flagged.heading = headings.heading and flagged.month = spine.month
order by spine.month, headings.rank
