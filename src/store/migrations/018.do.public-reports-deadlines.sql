-- Issue #16, items 4 and 5: reports from anyone, and reporting deadlines.

-- A public report about a unit, filed by anyone. What the log gets is decided at
-- triage (a `public_report_triaged` event on the unit with the report's digest and
-- category); the report's text stays here, its contact, photo and the filer's
-- address key in public_report_personal, which erasure deletes.
CREATE TABLE public_reports (
  id                uuid PRIMARY KEY,
  robot_code        char(29) NOT NULL REFERENCES robots(code),
  enterprise_code   char(4) NOT NULL,
  model_code        char(6) NOT NULL,
  category          text NOT NULL CHECK (category IN ('counterfeit', 'injury', 'safety_hazard', 'malfunction', 'privacy', 'complaint', 'other')),
  queue_rank        smallint NOT NULL,
  description       text NOT NULL,
  -- SHA-256 of the report's canonical text (category, description, photo digest), never of its contact.
  digest            bytea NOT NULL,
  photo_digest      bytea,
  filed_at          timestamptz NOT NULL,
  -- The signed-in participant who filed it, or null for the public.
  reporter_id       uuid REFERENCES participants(id),
  -- The proof-of-work challenge it answered: each is spent once.
  challenge_nonce   text NOT NULL UNIQUE,
  state             text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'linked', 'dismissed', 'escalated')),
  triaged_at        timestamptz,
  triaged_by        uuid REFERENCES participants(id),
  triage_note       text,
  incident_index    bigint REFERENCES incidents(log_index),
  triage_index      bigint REFERENCES events(log_index)
);
CREATE INDEX public_reports_queue ON public_reports (state, queue_rank, filed_at);
CREATE INDEX public_reports_robot ON public_reports (robot_code, filed_at);
CREATE INDEX public_reports_filed ON public_reports (filed_at);

-- Personal data of a report: erasable without touching the report or the log.
CREATE TABLE public_report_personal (
  report_id   uuid PRIMARY KEY REFERENCES public_reports(id),
  -- HMAC of the filer's network address under report_keys: counts reports per address, reveals no address.
  source_key  bytea NOT NULL,
  contact     text,
  photo       bytea,
  photo_type  text
);
CREATE INDEX public_report_personal_source ON public_report_personal (source_key);

-- The registry's secret for report challenges and address keys, made once by the first server.
CREATE TABLE report_keys (
  id   smallint PRIMARY KEY CHECK (id = 1),
  key  bytea NOT NULL CHECK (length(key) = 32)
);

-- Events recorded after their deadline (src/lifecycle/deadlines.ts): accepted and flagged here.
CREATE TABLE late_events (
  log_index    bigint PRIMARY KEY REFERENCES events(log_index),
  robot_code   char(29) NOT NULL,
  type         text NOT NULL,
  actor_id     uuid NOT NULL REFERENCES participants(id),
  party        text,
  occurred_at  timestamptz NOT NULL,
  recorded_at  timestamptz NOT NULL,
  due_at       timestamptz NOT NULL
);
CREATE INDEX late_events_actor ON late_events (actor_id, recorded_at);
CREATE INDEX late_events_recorded ON late_events (recorded_at);

-- An escalated public report is a defect signal like an incident or a service record.
ALTER TABLE defect_signals DROP CONSTRAINT defect_signals_source_check;
ALTER TABLE defect_signals ADD CONSTRAINT defect_signals_source_check CHECK (source IN ('incident', 'service', 'public_report'));
