-- How each member and observer engaged over a period: meetings it was invited to, attended and
-- presented at; incidents contributed, reports shared, RFIs answered, statements co-signed;
-- responses it led or joined; alerts acknowledged and the median hours it took to do so.
-- Counts only meetings, events and responses the viewer may see. One row per member or observer.
-- Parameters: $date_from, $date_to (dates; null leaves that end of the period open).
with focal_point as (
    select member_code, name_en, name_fr, status, focal_point_status
    from member
    where status in ('member', 'observer')
),
meeting_in_period as (
    select meeting_id
    from scoped_meeting()
    where ($date_from is null or held_on >= $date_from::date)
      and ($date_to is null or held_on <= $date_to::date)
),
attendance as (
    select
        member_code,
        count(*) as meetings_invited,
        count(*) filter (where attended) as meetings_attended,
        count(*) filter (where presented) as presentations
    from scoped_meeting_attendance()
    where meeting_id in (select meeting_id from meeting_in_period)
    group by member_code
),
event_in_period as (
    select member_code, event_type, latency_hours
    from scoped_engagement_event()
    where ($date_from is null or occurred_at >= $date_from::date)
      and ($date_to is null or occurred_at < $date_to::date + interval 1 day)
),
events as (
    select
        member_code,
        count(*) filter (where event_type = 'incident_contributed') as incidents_contributed,
        count(*) filter (where event_type = 'report_shared') as reports_shared,
        count(*) filter (where event_type = 'rfi_answered') as rfis_answered,
        count(*) filter (where event_type = 'statement_cosigned') as statements_cosigned,
        count(*) filter (where event_type = 'alert_acknowledged') as alerts_acknowledged,
        median(latency_hours) filter (
            where event_type = 'alert_acknowledged'
        ) as median_acknowledgement_hours
    from event_in_period
    group by member_code
),
response_position as (
    select position.member_code, position.response_id
    from scoped_response_member() as position
    join scoped_response() as response using (response_id)
    where position.position in ('lead', 'join')
      and ($date_from is null
           or coalesce(position.decided_at, response.proposed_at) >= $date_from::date)
      and ($date_to is null
           or coalesce(position.decided_at, response.proposed_at)
              < $date_to::date + interval 1 day)
),
responses as (
    select member_code, count(distinct response_id) as responses_joined
    from response_position
    group by member_code
)
select
    focal_point.member_code,
    focal_point.name_en,
    focal_point.name_fr,
    focal_point.status,
    status_label.label_en as status_label_en,
    status_label.label_fr as status_label_fr,
    focal_point.focal_point_status,
    focal_point_label.label_en as focal_point_label_en,
    focal_point_label.label_fr as focal_point_label_fr,
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
from focal_point
left join attendance using (member_code)
left join events using (member_code)
left join responses using (member_code)
left join vocabulary as status_label
    on status_label.vocabulary = 'member_status' and status_label.code = focal_point.status
left join vocabulary as focal_point_label
    on focal_point_label.vocabulary = 'focal_point_status'
   and focal_point_label.code = focal_point.focal_point_status
order by focal_point.status, focal_point.member_code
