-- Engagement in a period: members and observers that engaged at least once, events, and the
-- median hours to acknowledge an alert. Parameters: $date_from, $date_to (dates).
with events as (
    select member_code, event_type, latency_hours
    from scoped_engagement_event()
    where occurred_at >= $date_from::date and occurred_at < $date_to::date + interval 1 day
),
-- the members that engaged, found before they are checked against the member list
engaged as (
    select distinct member_code from events
)
select
    (select count(*) from engaged
        where member_code in (select member_code from member where status <> 'secretariat')) as members_engaged,
    (select count(*) from member where status <> 'secretariat') as members_total,
    (select count(*) from events) as events,
    (select median(latency_hours) from events where event_type = 'alert_acknowledged') as median_ack_hours
