-- How each member and observer engaged in each calendar quarter of a period (for trends): the
-- same counts as member_engagement.sql, one row per member or observer per quarter, every
-- quarter of the period listed even when nothing happened in it. Counts only meetings, events
-- and responses the viewer may see.
-- Parameters: $date_from, $date_to (dates; null leaves that end open: the data's first or last
-- visible meeting or event bounds it).
with meeting_in_period as (
    select meeting_id, date_trunc('quarter', held_on)::date as quarter
    from scoped_meeting()
    where ($date_from is null or held_on >= $date_from::date)
      and ($date_to is null or held_on <= $date_to::date)
),
event_in_period as (
    select member_code, event_type, latency_hours,
           date_trunc('quarter', occurred_at)::date as quarter
    from scoped_engagement_event()
    where ($date_from is null or occurred_at >= $date_from::date)
      and ($date_to is null or occurred_at < $date_to::date + interval 1 day)
),
response_in_period as (
    select position.member_code, position.response_id,
           date_trunc('quarter', coalesce(position.decided_at, response.proposed_at))::date as quarter
    from scoped_response_member() as position
    join scoped_response() as response using (response_id)
    where position.position in ('lead', 'join')
      and ($date_from is null
           or coalesce(position.decided_at, response.proposed_at) >= $date_from::date)
      and ($date_to is null
           or coalesce(position.decided_at, response.proposed_at)
              < $date_to::date + interval 1 day)
),
bounds as (
    select
        date_trunc('quarter', coalesce($date_from::date, least(
            (select min(quarter) from meeting_in_period),
            (select min(quarter) from event_in_period))))::date as first_quarter,
        date_trunc('quarter', coalesce($date_to::date, greatest(
            (select max(quarter) from meeting_in_period),
            (select max(quarter) from event_in_period))))::date as last_quarter
),
quarters as (
    select unnest(generate_series(first_quarter, last_quarter, interval 3 month))::date as quarter
    from bounds
    where first_quarter is not null and last_quarter is not null
),
focal_point_quarter as (
    select member.member_code, quarters.quarter
    from member
    cross join quarters
    where member.status in ('member', 'observer')
),
attendance as (
    select
        attendance.member_code,
        meeting.quarter,
        count(*) as meetings_invited,
        count(*) filter (where attendance.attended) as meetings_attended,
        count(*) filter (where attendance.presented) as presentations
    from scoped_meeting_attendance() as attendance
    join meeting_in_period as meeting using (meeting_id)
    group by attendance.member_code, meeting.quarter
),
events as (
    select
        member_code,
        quarter,
        count(*) filter (where event_type = 'incident_contributed') as incidents_contributed,
        count(*) filter (where event_type = 'report_shared') as reports_shared,
        count(*) filter (where event_type = 'rfi_answered') as rfis_answered,
        count(*) filter (where event_type = 'statement_cosigned') as statements_cosigned,
        count(*) filter (where event_type = 'alert_acknowledged') as alerts_acknowledged,
        median(latency_hours) filter (
            where event_type = 'alert_acknowledged'
        ) as median_acknowledgement_hours
    from event_in_period
    group by member_code, quarter
),
responses as (
    select member_code, quarter, count(distinct response_id) as responses_joined
    from response_in_period
    group by member_code, quarter
)
select
    focal_point_quarter.member_code,
    focal_point_quarter.quarter,
    coalesce(attendance.meetings_invited, 0) as meetings_invited,
    coalesce(attendance.meetings_attended, 0) as meetings_attended,
    coalesce(attendance.presentations, 0) as presentations,
    coalesce(events.incidents_contributed, 0) as incidents_contributed,
    coalesce(events.reports_shared, 0) as reports_shared,
    coalesce(events.rfis_answered, 0) as rfis_answered,
    coalesce(events.statements_cosigned, 0) as statements_cosigned,
    coalesce(responses.responses_joined, 0) as responses_joined,
    coalesce(events.alerts_acknowledged, 0) as alerts_acknowledged,
    events.median_acknowledgement_hours
from focal_point_quarter
left join attendance using (member_code, quarter)
left join events using (member_code, quarter)
left join responses using (member_code, quarter)
order by focal_point_quarter.member_code, focal_point_quarter.quarter
