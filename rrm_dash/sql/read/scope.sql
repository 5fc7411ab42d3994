-- The read model: what queries may read. The published snapshot is attached read-only as `wh`;
-- queries never name `wh.` themselves (a test enforces it). Reference tables are plain views.
-- Every fact table, and every table that hangs off one, is reachable only through a
-- scoped_<table>() macro that applies the TLP rules of docs/access.md to the viewer that the
-- query runner sets on each cursor (`set variable viewer = as_viewer($viewer)`, see
-- rrm_dash/access.py). An unset viewer is all nulls, and null fails every test below: such a
-- cursor sees nothing.
--
-- Variables are typed once, when the runner sets them (as_viewer, as_filters), and read without
-- a cast: a cast in each of the dozens of places the rules read them was a third of the time
-- DuckDB took to bind a page query, and every query is bound anew.

create macro viewer() as getvariable('viewer');
create macro as_viewer(value) as value::struct(
    signed_in boolean,       -- a network user (false for the public)
    member varchar,          -- the viewer's member code ('CU' for the Coordination Unit)
    is_cu boolean,           -- admin and analyst roles
    is_full_member boolean,  -- the member code is a G7 RRM member, not an observer
    is_admin boolean,        -- may read the audit log
    ceiling integer          -- highest TLP rank shown (0 CLEAR ... 4 RED)
);

create macro tlp_rank(marking) as
    case marking
        when 'CLEAR' then 0
        when 'GREEN' then 1
        when 'AMBER' then 2
        when 'AMBER+STRICT' then 3
        else 4  -- RED, and any unknown or malformed marking: the most restrictive
    end;

-- One CASE on the marking itself, each branch with its rank test: evaluated on every row of
-- every scoped read, it costs half what a CASE on tlp_rank() does (DuckDB re-evaluates the
-- inner CASE in each WHEN). Any unknown or malformed marking takes the RED branch.
create macro tlp_visible(marking, originator, releasable_to) as coalesce(
    case marking
        when 'CLEAR' then viewer().ceiling >= 0
        when 'GREEN' then viewer().ceiling >= 1 and viewer().signed_in
        when 'AMBER' then viewer().ceiling >= 2 and viewer().signed_in and (
            viewer().is_cu
            or viewer().is_full_member
            or list_contains(releasable_to, viewer().member))
        when 'AMBER+STRICT' then viewer().ceiling >= 3 and viewer().signed_in and (
            viewer().is_cu
            or originator = viewer().member
            or list_contains(releasable_to, viewer().member))
        else viewer().ceiling >= 4 and viewer().signed_in and (
            originator = viewer().member
            or list_contains(releasable_to, viewer().member))
    end,
    false);

-- Chatham House Rule: the originator is shown to the originator only.
create macro shown_originator(originator, chatham_house) as
    case when chatham_house and originator is distinct from viewer().member
        then null else originator end;

create view meta as select * from wh.meta;
create view schema_version as select * from wh.schema_version;
create view vocabulary as select * from wh.vocabulary;
create view member as select * from wh.member;
create view country as select * from wh.country;
create view disarm_phase as select * from wh.disarm_phase;
create view disarm_tactic as select * from wh.disarm_tactic;
create view disarm_technique as select * from wh.disarm_technique;
create view disarm_counter as select * from wh.disarm_counter;
create view disarm_response_type as select * from wh.disarm_response_type;

create macro scoped_actor() as table
    select * replace (shown_originator(originator_member, chatham_house) as originator_member)
    from wh.actor where tlp_visible(tlp, originator_member, releasable_to);
create macro scoped_narrative() as table
    select * replace (shown_originator(originator_member, chatham_house) as originator_member)
    from wh.narrative where tlp_visible(tlp, originator_member, releasable_to);
create macro scoped_channel() as table
    select * replace (shown_originator(originator_member, chatham_house) as originator_member)
    from wh.channel where tlp_visible(tlp, originator_member, releasable_to);
create macro scoped_election() as table
    select * replace (shown_originator(originator_member, chatham_house) as originator_member)
    from wh.election where tlp_visible(tlp, originator_member, releasable_to);
create macro scoped_incident() as table
    select * replace (shown_originator(originator_member, chatham_house) as originator_member)
    from wh.incident where tlp_visible(tlp, originator_member, releasable_to);
create macro scoped_meeting() as table
    select * replace (shown_originator(originator_member, chatham_house) as originator_member)
    from wh.meeting where tlp_visible(tlp, originator_member, releasable_to);
create macro scoped_engagement_event() as table
    select * replace (shown_originator(originator_member, chatham_house) as originator_member)
    from wh.engagement_event where tlp_visible(tlp, originator_member, releasable_to);
create macro scoped_response() as table
    select * replace (shown_originator(originator_member, chatham_house) as originator_member)
    from wh.response where tlp_visible(tlp, originator_member, releasable_to);
create macro scoped_report() as table
    select * replace (shown_originator(originator_member, chatham_house) as originator_member)
    from wh.report where tlp_visible(tlp, originator_member, releasable_to);

-- Rows that hang off a fact are visible exactly when their fact is.
create macro scoped_incident_country() as table
    select * from wh.incident_country where incident_id in (select incident_id from scoped_incident());
create macro scoped_incident_target() as table
    select * from wh.incident_target where incident_id in (select incident_id from scoped_incident());
create macro scoped_incident_technique() as table
    select * from wh.incident_technique where incident_id in (select incident_id from scoped_incident());
create macro scoped_incident_platform() as table
    select * from wh.incident_platform where incident_id in (select incident_id from scoped_incident());
create macro scoped_incident_source() as table
    select * from wh.incident_source where incident_id in (select incident_id from scoped_incident());
create macro scoped_incident_actor() as table
    select * from wh.incident_actor
    where incident_id in (select incident_id from scoped_incident())
      and actor_id in (select actor_id from scoped_actor());
create macro scoped_incident_narrative() as table
    select * from wh.incident_narrative
    where incident_id in (select incident_id from scoped_incident())
      and narrative_id in (select narrative_id from scoped_narrative());
create macro scoped_meeting_attendance() as table
    select * from wh.meeting_attendance where meeting_id in (select meeting_id from scoped_meeting());
create macro scoped_response_member() as table
    select * from wh.response_member where response_id in (select response_id from scoped_response());
create macro scoped_response_incident() as table
    select * from wh.response_incident
    where response_id in (select response_id from scoped_response())
      and incident_id in (select incident_id from scoped_incident());

create macro scoped_access_log() as table
    select * from wh.access_log where coalesce(viewer().is_admin, false);
create macro scoped_import_history() as table
    select * from wh.import_history where coalesce(viewer().is_admin, false);

-- The filter bar: the session variable `filters`, set by the query runner from rrm_dash.filters.
-- An unset filter (or an empty list) restricts nothing. Filters narrow what the scope allows;
-- the actor filter goes through scoped_incident_actor() so that naming an actor the viewer may
-- not see cannot reveal which visible incidents are linked to it.
create macro incident_filter() as getvariable('filters');
create macro as_filters(value) as value::struct(
    date_from date,
    date_to date,
    members varchar[],
    headings varchar[],
    threat_types varchar[],
    actors varchar[],
    platforms varchar[],
    tactics varchar[],
    techniques varchar[],
    tlp varchar[],
    election varchar
);

create macro filter_allows(chosen, value) as coalesce(len(chosen), 0) = 0 or list_contains(chosen, value);

-- Whether any of `items` is in `chosen` (false when either is null). Use it rather than
-- list_has_any, which builds a hash set of `chosen` for every row: five times slower with the
-- 25 election-interference techniques.
create macro has_any_of(items, chosen) as
    coalesce(list_bool_or(list_transform(items, lambda item: list_contains(chosen, item))), false);

-- Whether a DISARM tag falls under the chosen techniques: choosing a technique includes its
-- sub-techniques (T0049 matches T0049.001). The filter bar and the election-interference
-- queries share this rule.
create macro technique_chosen(disarm_id, chosen) as
    list_contains(chosen, disarm_id) or list_contains(chosen, split_part(disarm_id, '.', 1));

-- Whether a moment falls in the filter bar's period (every day of it, the last one included).
create macro in_filter_period(moment) as
    (incident_filter().date_from is null or moment >= incident_filter().date_from)
    and (incident_filter().date_to is null
         or moment < incident_filter().date_to::date + interval 1 day);

-- The markings the viewer may see, one bit per incident_marking row ('1' at position
-- marking_key): tlp_visible() applied to each distinct marking instead of to every incident row.
-- The query runner computes it once per viewer and snapshot and sets it on each cursor
-- (`set variable visible_markings = ...`); unset, it is null and the facet shows nothing.
create macro visible_markings() as (
    select nullif(string_agg(
        if(tlp_visible(tlp, originator_member, releasable_to), '1', '0'), '' order by marking_key
    ), '')::bit
    from wh.incident_marking);

-- The markings the viewer may see, by number and level only: an incident's originator may be
-- under the Chatham House Rule, which the marking row does not carry.
create macro scoped_incident_marking() as table
    select marking_key, tlp from wh.incident_marking
    where tlp_visible(tlp, originator_member, releasable_to);

-- The incident as pages filter and count it: incident_facet (derived in every snapshot, see
-- rrm_dash/sql/derive/) has every incident column but the summary, and each incident's links
-- as lists. Visible exactly when the incident is: its marking's bit is the same rule applied to
-- the same marking columns. The bit is cast, not compared with 1: DuckDB estimates a comparison
-- to keep almost no rows and then builds joins (the search's, for one) on the wrong side.
create macro scoped_incident_facet() as table
    select * replace (shown_originator(originator_member, chatham_house) as originator_member)
    from wh.incident_facet where get_bit(getvariable('visible_markings'), marking_key)::boolean;

-- What the actor and tactic filters stand for, computed once per cursor by the query runner
-- (`set variable filter_visible_actors = filter_visible_actors()`, likewise for tactics) when
-- they are not empty: a subquery inside filtered_incident() would be planned, and cost, in
-- every query. Only chosen actors the viewer may see count, so that naming a hidden actor
-- cannot reveal which visible incidents are linked to it. Unset, the variables are null and
-- a non-empty actor or tactic filter matches nothing: the filter fails closed.
create macro filter_visible_actors() as (
    select coalesce(list(actor_id), []) from scoped_actor()
    where list_contains(incident_filter().actors, actor_id));
create macro filter_tactic_techniques() as (
    select coalesce(list(disarm_id), []) from disarm_technique
    where list_contains(incident_filter().tactics, tactic_id));

-- The filtered incidents: one table, no joins; the lists on each row answer the link filters.
-- Queries that need an incident's summary read filtered_incident_text() for the ids they keep.
create macro filtered_incident() as table
    select incident.*
    from scoped_incident_facet() as incident
    where in_filter_period(incident.detected_at)
      and filter_allows(incident_filter().headings, incident.heading)
      and filter_allows(incident_filter().threat_types, incident.threat_type)
      and filter_allows(incident_filter().tlp, incident.tlp)
      and (incident_filter().election is null or incident.election_id = incident_filter().election)
      and (coalesce(len(incident_filter().members), 0) = 0
           or has_any_of(incident.targeted_members, incident_filter().members))
      and (coalesce(len(incident_filter().actors), 0) = 0
           or has_any_of(incident.actor_ids, getvariable('filter_visible_actors')))
      and (coalesce(len(incident_filter().platforms), 0) = 0
           or has_any_of(incident.platforms, incident_filter().platforms))
      and (coalesce(len(incident_filter().techniques), 0) = 0
           or list_bool_or(list_transform(
               incident.technique_ids,
               lambda id: technique_chosen(id, incident_filter().techniques))))
      and (coalesce(len(incident_filter().tactics), 0) = 0
           or has_any_of(incident.technique_ids, getvariable('filter_tactic_techniques')));

-- An incident's summary is not in the facet: queries that show it read filtered_incident_text()
-- for the filtered incidents' ids (DuckDB then skips incident's row groups outside them).
create macro filtered_incident_text() as table
    select incident_id, summary from wh.incident
    where incident_id in (select incident_id from filtered_incident());

-- The responses the filter bar selects: proposed in its period, and led or joined by one of its
-- targeted members (the other filters are about incidents and do not apply to responses).
create macro filtered_response() as table
    select response.*
    from scoped_response() as response
    where in_filter_period(response.proposed_at)
      and (coalesce(len(incident_filter().members), 0) = 0
           or list_contains(incident_filter().members, response.lead_member)
           or response.response_id in (
               select response_id from scoped_response_member()
               where position in ('lead', 'join')
                 and list_contains(incident_filter().members, member_code)));

-- The free-text search index (derived in every snapshot by rrm_dash/warehouse/search_index.py):
-- each incident's title, summary and trigram signature, visible exactly when the incident is
-- (the same marking columns, the same rule). Searches narrow it to filtered_incident().
create macro scoped_incident_search() as table
    select * exclude (originator_member, releasable_to)
    from wh.incident_search where tlp_visible(tlp, originator_member, releasable_to);
