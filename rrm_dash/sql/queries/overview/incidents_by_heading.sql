-- Incidents detected in the last 30 and the last 90 days (today included), per G7 heading.
-- Parameters: $today (date). Every heading is listed, with zeros where nothing was seen.
with recent as (
    select heading, detected_at::date as detected_on
    from scoped_incident()
    where detected_at::date > $today::date - 90
      and detected_at::date <= $today::date
)
select
    heading.code as heading,
    heading.label_en,
    heading.label_fr,
    count(recent.heading) filter (where recent.detected_on > $today::date - 30) as last_30_days,
    count(recent.heading) as last_90_days
from vocabulary as heading
left join recent on recent.heading = heading.code
where heading.vocabulary = 'heading'
group by heading.code, heading.label_en, heading.label_fr, heading.rank
order by heading.rank
