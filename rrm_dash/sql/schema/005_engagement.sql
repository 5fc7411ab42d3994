-- Engagement of the focal points: meetings, attendance and engagement events.
-- Scores are derived from these rows by the analytics layer; the method is in docs/engagement.md.
create table meeting (
    meeting_id        varchar primary key,
    meeting_type      varchar not null check (meeting_type in ('plenary', 'working_group', 'ad_hoc')),
    title             varchar not null,
    held_on           date not null,
    chair_member      varchar,
    location          varchar,
    tlp               varchar not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
    pap               varchar not null default 'GREEN' check (pap in ('CLEAR', 'GREEN', 'AMBER', 'RED')),
    originator_member varchar not null,
    releasable_to     varchar[] not null default [],
    chatham_house     boolean not null default false,
    created_at        timestamp not null,
    updated_at        timestamp not null
);
comment on table meeting is 'Meetings of the network: plenaries, working groups, ad hoc coordination calls.';
comment on column meeting.meeting_id is 'Text id.';
comment on column meeting.meeting_type is 'plenary, working_group or ad_hoc.';
comment on column meeting.title is 'Title of the meeting.';
comment on column meeting.held_on is 'Date held.';
comment on column meeting.chair_member is 'Member chairing.';
comment on column meeting.location is 'Where it was held (city or virtual).';

create table meeting_attendance (
    meeting_id   varchar not null,
    member_code  varchar not null,
    attended     boolean not null,
    presented    boolean not null default false,
    primary key (meeting_id, member_code)
);
comment on table meeting_attendance is 'Which members were invited to, attended and presented at each meeting.';
comment on column meeting_attendance.meeting_id is 'The meeting.';
comment on column meeting_attendance.member_code is 'The member or observer.';
comment on column meeting_attendance.attended is 'True when the focal point attended.';
comment on column meeting_attendance.presented is 'True when the focal point presented.';

create table engagement_event (
    event_id          varchar primary key,
    member_code       varchar not null,
    event_type        varchar not null check (event_type in ('incident_contributed', 'report_shared', 'rfi_answered', 'statement_cosigned', 'response_joined', 'alert_acknowledged')),
    occurred_at       timestamp not null,
    latency_hours     double check (latency_hours >= 0),
    object_type       varchar,
    object_id         varchar,
    tlp               varchar not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
    pap               varchar not null default 'GREEN' check (pap in ('CLEAR', 'GREEN', 'AMBER', 'RED')),
    originator_member varchar not null,
    releasable_to     varchar[] not null default [],
    chatham_house     boolean not null default false,
    created_at        timestamp not null,
    updated_at        timestamp not null
);
comment on table engagement_event is 'One act of engagement by a focal point: an incident contributed, a report shared, an alert acknowledged...';
comment on column engagement_event.event_id is 'Text id.';
comment on column engagement_event.member_code is 'The member or observer that engaged.';
comment on column engagement_event.event_type is 'Vocabulary engagement_event_type.';
comment on column engagement_event.occurred_at is 'When it happened.';
comment on column engagement_event.latency_hours is 'Hours from the request or alert to this act, where it answers one.';
comment on column engagement_event.object_type is 'Kind of object concerned (incident, report, response, alert).';
comment on column engagement_event.object_id is 'Id of the object concerned.';

create table response (
    response_id       varchar primary key,
    title             varchar not null,
    response_type     varchar not null check (response_type in ('joint_statement', 'public_attribution', 'diplomatic_demarche', 'sanctions', 'platform_referral', 'exposure_report', 'information_sharing', 'capacity_building')),
    lead_member       varchar not null,
    status            varchar not null check (status in ('proposed', 'under_consultation', 'agreed', 'executed', 'declined', 'withdrawn')),
    proposed_at       timestamp not null,
    agreed_at         timestamp,
    executed_at       timestamp,
    closed_at         timestamp,
    outcome           varchar,
    effectiveness     varchar not null default 'not_assessed' check (effectiveness in ('not_assessed', 'low', 'moderate', 'high')),
    tlp               varchar not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
    pap               varchar not null default 'GREEN' check (pap in ('CLEAR', 'GREEN', 'AMBER', 'RED')),
    originator_member varchar not null,
    releasable_to     varchar[] not null default [],
    chatham_house     boolean not null default false,
    created_at        timestamp not null,
    updated_at        timestamp not null
);
comment on table response is 'Coordinated responses proposed in the network, through their lifecycle.';
comment on column response.response_id is 'Text id.';
comment on column response.title is 'Short title.';
comment on column response.response_type is 'Vocabulary response_type.';
comment on column response.lead_member is 'Member leading the response.';
comment on column response.status is 'proposed, under_consultation, agreed, executed, declined or withdrawn.';
comment on column response.proposed_at is 'When proposed.';
comment on column response.agreed_at is 'When agreed, if it was.';
comment on column response.executed_at is 'When executed, if it was.';
comment on column response.closed_at is 'When declined or withdrawn, if it was.';
comment on column response.outcome is 'What came of it.';
comment on column response.effectiveness is 'Assessed effect: not_assessed, low, moderate or high.';

create table response_member (
    response_id  varchar not null,
    member_code  varchar not null,
    position     varchar not null check (position in ('lead', 'join', 'abstain', 'decline')),
    decided_at   timestamp,
    primary key (response_id, member_code)
);
comment on table response_member is 'Each member''s position on a response.';
comment on column response_member.response_id is 'The response.';
comment on column response_member.member_code is 'The member or observer.';
comment on column response_member.position is 'lead, join, abstain or decline.';
comment on column response_member.decided_at is 'When the position was taken.';

create table response_incident (
    response_id  varchar not null,
    incident_id  varchar not null,
    primary key (response_id, incident_id)
);
comment on table response_incident is 'Incidents a response answers.';
comment on column response_incident.response_id is 'The response.';
comment on column response_incident.incident_id is 'The incident.';

create table report (
    report_id         varchar primary key,
    title             varchar not null,
    summary           varchar,
    report_type       varchar not null check (report_type in ('alert', 'assessment', 'annual', 'statement', 'brief')),
    published_at      timestamp not null,
    url               varchar,
    tlp               varchar not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
    pap               varchar not null default 'GREEN' check (pap in ('CLEAR', 'GREEN', 'AMBER', 'RED')),
    originator_member varchar not null,
    releasable_to     varchar[] not null default [],
    chatham_house     boolean not null default false,
    created_at        timestamp not null,
    updated_at        timestamp not null
);
comment on table report is 'The RRM Wire: reports, alerts, assessments and statements shared in the network.';
comment on column report.report_id is 'Text id.';
comment on column report.title is 'Title.';
comment on column report.summary is 'Summary.';
comment on column report.report_type is 'alert, assessment, annual, statement or brief.';
comment on column report.published_at is 'When shared.';
comment on column report.url is 'Where the full report lives.';
