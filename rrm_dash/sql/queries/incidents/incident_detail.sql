-- Every field of one incident the viewer may see, with English and French labels for coded
-- fields and the election it falls in; no row when the incident does not exist or is hidden.
-- Parameters: $incident_id (text).
with this_incident as (
    select * from scoped_incident() where incident_id = $incident_id
),
released_to as (
    select
        string_agg(member.name_en, ', ' order by member.name_en) as releasable_to_en,
        string_agg(member.name_fr, ', ' order by member.name_fr) as releasable_to_fr
    from this_incident as incident
    join member on list_contains(incident.releasable_to, member.member_code)
)
select
    incident.incident_id,
    incident.title,
    incident.summary,
    incident.first_activity,
    incident.last_activity,
    incident.detected_at,
    incident.assessed_at,
    incident.notified_at,
    incident.published_at,
    incident.heading,
    heading.label_en as heading_en,
    heading.label_fr as heading_fr,
    threat.label_en as threat_type_en,
    threat.label_fr as threat_type_fr,
    tnr.label_en as tnr_vector_en,
    tnr.label_fr as tnr_vector_fr,
    attribution.label_en as attribution_status_en,
    attribution.label_fr as attribution_status_fr,
    likelihood.label_en as likelihood_en,
    likelihood.label_fr as likelihood_fr,
    confidence.label_en as analytic_confidence_en,
    confidence.label_fr as analytic_confidence_fr,
    reliability.label_en as source_reliability_en,
    reliability.label_fr as source_reliability_fr,
    credibility.label_en as info_credibility_en,
    credibility.label_fr as info_credibility_fr,
    breakout.label_en as breakout_scale_en,
    breakout.label_fr as breakout_scale_fr,
    incident.reach_estimate,
    origin.label_en as content_origin_en,
    origin.label_fr as content_origin_fr,
    phase.label_en as election_phase_en,
    phase.label_fr as election_phase_fr,
    gender.label_en as gender_dimension_en,
    gender.label_fr as gender_dimension_fr,
    status.label_en as status_en,
    status.label_fr as status_fr,
    incident.place_name,
    incident.latitude,
    incident.longitude,
    incident.stix_id,
    incident.tlp,
    pap.label_en as pap_en,
    pap.label_fr as pap_fr,
    incident.originator_member,
    originator.name_en as originator_en,
    originator.name_fr as originator_fr,
    released_to.releasable_to_en,
    released_to.releasable_to_fr,
    incident.chatham_house,
    incident.created_at,
    incident.updated_at,
    incident.election_id,
    election.body_en as election_body_en,
    election.body_fr as election_body_fr,
    voter.name_en as election_country_en,
    voter.name_fr as election_country_fr,
    election.date_start as election_date_start,
    election.date_end as election_date_end,
    election.round as election_round,
    election.watch_window_start,
    election.watch_window_end
from this_incident as incident
cross join released_to
left join vocabulary as heading
    on heading.vocabulary = 'heading' and heading.code = incident.heading
left join vocabulary as threat
    on threat.vocabulary = 'threat_type' and threat.code = incident.threat_type
left join vocabulary as tnr
    on tnr.vocabulary = 'tnr_vector' and tnr.code = incident.tnr_vector
left join vocabulary as attribution
    on attribution.vocabulary = 'attribution_status' and attribution.code = incident.attribution_status
left join vocabulary as likelihood
    on likelihood.vocabulary = 'likelihood' and likelihood.code = incident.likelihood
left join vocabulary as confidence
    on confidence.vocabulary = 'analytic_confidence'
    and confidence.code = incident.analytic_confidence
left join vocabulary as reliability
    on reliability.vocabulary = 'source_reliability'
    and reliability.code = incident.source_reliability
left join vocabulary as credibility
    on credibility.vocabulary = 'info_credibility' and credibility.code = incident.info_credibility
left join vocabulary as breakout
    on breakout.vocabulary = 'breakout_scale'
    and breakout.code = incident.breakout_scale::varchar
left join vocabulary as origin
    on origin.vocabulary = 'content_origin' and origin.code = incident.content_origin
left join vocabulary as phase
    on phase.vocabulary = 'election_phase' and phase.code = incident.election_phase
left join vocabulary as gender
    on gender.vocabulary = 'gender_dimension' and gender.code = incident.gender_dimension
left join vocabulary as status
    on status.vocabulary = 'incident_status' and status.code = incident.status
left join vocabulary as pap
    on pap.vocabulary = 'pap' and pap.code = incident.pap
left join member as originator on originator.member_code = incident.originator_member
left join scoped_election() as election on election.election_id = incident.election_id
left join member as voter on voter.member_code = election.country
