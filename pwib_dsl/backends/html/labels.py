"""Every user-visible label of the HTML site, in Dutch (default) and English.

The chrome of the site (navigation, row headers, legends, captions, units, dates, statuses) is
looked up here and nowhere else, so ``--lang en`` cannot leak Dutch wording. The names of the
language's own words (lanes, layers, units, flow nodes) come from the table shared with the
BPMN backend and the language server, :mod:`pwib_dsl.labels`. Authored content
(step titles, lane texts) is not translated: it is Dutch and marked ``lang="nl"`` in an English
page. Both tables must have the same keys and the same ``{placeholders}``; a test checks that.
"""

from __future__ import annotations

import re

from pwib_dsl import labels
from pwib_dsl.syntax import keywords

#: The language authors write blueprints in (language.md: "They write in Dutch").
CONTENT_LANG = "nl"

_NL: dict[str, str] = {
    # site chrome
    "site_name": "Service blueprints",
    "skip_link": "Naar de inhoud",
    "nav_label": "Hoofdmenu",
    "nav_overview": "Overzicht",
    "nav_journey": "Klantreis",
    "jm_title": "De klantreis in één oogopslag",
    "jm_intro": "De tegels van de master-klantreis in volgorde, fase voor fase: per tegel het doel, wat de inwoner doet en ervaart, de overdracht naar de volgende tegel, de wettelijke termijnen onderweg en de maatregelen die de tegel veranderen. Elke tegel linkt naar zijn blueprint.",
    "jm_grid_link": "Het volledige raster van de master-klantreis",
    "jm_goal": "Doel",
    "jm_resident": "Inwoner",
    "jm_handover": "Overdracht",
    "jm_next": "Daarna:",
    "jm_terms": "Wettelijke termijnen",
    "jm_mood_range": "(in de blueprint van {low} tot {high})",
    "jm_no_master": "Er is nog geen master-klantreis; dit zijn de tegels van het schuldenlandschap met hun blueprints.",
    "pr_start": "Presenteren",
    "pr_label": "Presentatie van deze blueprint",
    "pr_hint": "Pijltjes of spatie: volgende en vorige stap. Esc: stoppen.",
    "pr_of": "Stap {n} van {total}",
    "pr_does": "Wat de inwoner doet",
    "pr_sees": "Wat de inwoner ziet",
    "pr_changes": "Wat de maatregel verandert",
    "pr_legal": "Wettelijke basis",
    "pr_systems": "Systemen",
    "pr_close": "Stoppen",
    "pr_next": "Volgende",
    "pr_prev": "Vorige",
    "nav_impact": "Impactmatrix",
    "nav_measures": "Maatregelen",
    "nav_law_index": "Wetsindex",
    "nav_laws": "Wetten",
    "nav_systems": "Systemen",
    "nav_components": "Componenten",
    "breadcrumb": "Kruimelpad",
    "footer": "Gemaakt met pwib-dsl. Alle pagina’s werken zonder internetverbinding en zijn geschikt om af te drukken.",
    "none": "geen",
    "yes": "ja",
    "no": "nee",
    "verified": "geverifieerd",
    "unverified": "niet geverifieerd",
    "source": "Bron",
    "personal_data": "persoonsgegevens",
    "col_personal_data": "Persoonsgegevens",
    # filter and search
    "filter_label": "Filter deze lijst",
    "filter_hint": "Typ een of meer woorden; de lijst toont alleen wat overeenkomt.",
    "filter_status": "{shown} van {total} getoond",
    "search_heading": "Zoeken",
    "search_label": "Zoek in alle blueprints, stappen, maatregelen, artikelen en systemen",
    "search_hint": "Typ minstens twee tekens. Met Tab ga je naar de resultaten.",
    "search_status": "{shown} van {total} resultaten getoond",
    "search_empty": "Geen resultaten",
    "kind_blueprint": "Blueprint",
    "kind_measure": "Maatregel",
    "kind_article": "Wetsartikel",
    "kind_system": "Systeem",
    "kind_component": "Component",
    # blueprint page
    "bp_meta": "Gegevens van deze blueprint",
    "bp_tile": "Tegel",
    "bp_status": "Status",
    "bp_version": "Versie",
    "bp_owner": "Eigenaar",
    "bp_file": "Bronbestand",
    "bp_implements": "Implementeert",
    "bp_downloads": "Ook als",
    "bp_download_bpmn": "BPMN 2.0 (procesmodel)",
    "bp_download_json": "JSON (gegevens)",
    "bp_grid": "Blueprint",
    "bp_grid_caption": "Service blueprint “{title}”: fasen en stappen in kolommen, banen en lagen in rijen",
    "bp_grid_region": "Blueprint, horizontaal te scrollen",
    "bp_scroll_hint": "De tabel is breder dan het scherm: scroll horizontaal of gebruik de pijltjestoetsen.",
    "bp_phase_corner": "Fase",
    "bp_step_corner": "Stap",
    "bp_no_phase": "Buiten fasen",
    "bp_empty": "Deze blueprint heeft nog geen stappen.",
    "bp_flow": "Verloop",
    "bp_flow_next": "Daarna: {target}",
    "bp_flow_end": "Einde van de klantreis",
    "bp_flow_none": "Geen vervolg",
    "bp_otherwise": "anders",
    "bp_outcome": "Uitkomst: {outcome}",
    "bp_journey": "Uitgevoerd in",
    "bp_actors": "Actoren",
    "bp_systems": "Systemen in deze blueprint",
    "bp_actor": "Actor",
    "bp_role": "Rol",
    "bp_system": "Systeem",
    "bp_component": "GEMMA-component of voorziening",
    "bp_used_in": "Gebruikt in",
    "bp_steps": "Stappen",
    # zones, lanes and lines
    "zone_service": "Klantreis en dienstverlening",
    "zone_programme": "Vertaling door het programma",
    "zone_experience": "Beleving",
    "line_interaction": "Lijn van interactie",
    "line_visibility": "Lijn van zichtbaarheid",
    "line_internal": "Lijn van interne interactie",
    # legend
    "legend": "Legenda",
    "legend_intro": "Een service blueprint legt per stap van de klantreis vast wat de klant doet en ziet, wat de organisatie voor en achter de schermen doet, en welke systemen, wetten en maatregelen daarbij horen.",
    "legend_lanes": "Banen en lijnen",
    "legend_layers": "Lagen van het programma",
    "legend_marks": "Tekens",
    "legend_evidence": "Wat de klant ziet of in handen krijgt: brieven, webpagina’s, beschikkingen.",
    "legend_customer": "Wat de klant zelf doet.",
    "legend_interaction": "Hier raken klant en organisatie elkaar.",
    "legend_frontstage": "Wat medewerkers of systemen doen in contact met de klant.",
    "legend_visibility": "Alles daaronder ziet de klant niet.",
    "legend_backstage": "Wat medewerkers doen buiten het zicht van de klant.",
    "legend_internal": "Scheidt het klantcontact van de rest van de organisatie.",
    "legend_support": "Interne processen, andere afdelingen en ketenpartners.",
    "legend_systems": "Applicaties en landelijke voorzieningen, met hun GEMMA-referentiecomponent.",
    "legend_legal": "De wettelijke grondslag, met een link naar het artikel op wetten.overheid.nl.",
    "legend_policy": "Lokale beleidskeuzes en verordeningen.",
    "legend_communication": "Brieven, berichten en kanalen.",
    "legend_functionality": "Wat systemen moeten kunnen.",
    "legend_measures": "Maatregelen van Participatiewet in balans die deze stap veranderen.",
    "legend_toolkit": "Implementatieproducten: sjablonen en werkinstructies.",
    "legend_deadlines": "De termijn van de stap, met de wettelijke termijn van de geciteerde artikelen.",
    "legend_experience": "Hoe de klant de stap beleeft (van −2 tot +2), pijnpunten, kansen en KPI’s.",
    "legend_decision": "Een beslissing vertakt; bij elke tak staat waar die naartoe leidt.",
    "legend_end": "Een einde sluit de klantreis af.",
    "legend_badge": "Een label met tekst is een maatregel; het linkt naar de maatregel.",
    # deadlines, terms
    "deadline": "Termijn: {term}",
    "legal_term": "Wettelijke termijn",
    "term_max": "maximaal {term}",
    # waiting, time-outs, named terms, loop bounds
    "node_wait": "Wachten",
    "bp_wait": "Wacht op {party}",
    "bp_actor_org": "Organisatie",
    "deadline_expires": "Daarna:",
    "branch_max": "ten hoogste 1 keer|ten hoogste {n} keer",
    "term_starts": "{term} begint",
    "term_ends": "Uiterlijk hier: {term}",
    "term_suspended": "{term} staat stil",
    "term_only_when": "alleen als: {condition}",
    "terms_title": "Termijnen over meer stappen",
    "terms_caption": "De termijnen die van de ene stap tot een volgende lopen",
    "terms_name": "Termijn",
    "terms_length": "Duur",
    "terms_span": "Van – tot",
    "terms_suspended_by": "Staat stil tijdens",
    "terms_condition": "Geldt",
    "terms_always": "altijd",
    "terms_legal": "Wettelijke basis",
    "legend_wait": "De organisatie wacht hier op de inwoner of een partner: wachttijd, geen werk.",
    "emotion_paths": "Emotie per pad",
    "emotion_paths_intro": "Elk pad is één manier om door deze klantreis te gaan; andere uitkomsten zijn aparte paden, niet één inwoner die ze allemaal doorloopt.",
    "emotion_path": "Pad {n}",
    "emotion_path_plain": "zonder keuzes",
    "emotion_path_timeout": "termijn verstreken: {target}",
    "emotion_path_none": "geen emotie vastgelegd",
    "emotion_paths_more": "Er zijn meer paden; de eerste {n} staan hier.",
    # emotion
    "emotion_scale": "van −2 (zeer negatief) tot +2 (zeer positief)",
    "emotion_m2": "zeer negatief",
    "emotion_m1": "negatief",
    "emotion_0": "neutraal",
    "emotion_p1": "positief",
    "emotion_p2": "zeer positief",
    "emotion_none": "niet vastgelegd",
    # overview
    "index_title": "Overzicht",
    "index_intro": "Deze site toont de service blueprints van deze werkruimte: per klantreis de stappen, wie wat doet, en welke wetten, systemen en maatregelen daarbij horen.",
    "index_stats": "In getallen",
    "stat_blueprints": "blueprints",
    "stat_steps": "stappen en beslissingen",
    "stat_measures": "maatregelen geraakt",
    "stat_articles": "wetsartikelen geciteerd",
    "stat_systems": "systemen in gebruik",
    "master_journey": "Master-klantreis",
    "master_intro": "De tegels van de klantreis in volgorde. Elke tegel linkt naar de blueprint die hem uitvoert.",
    "tiles_heading": "Tegels",
    "tiles_intro": "De tegels van het schuldenlandschap in volgorde, met de blueprints die erbij horen.",
    "tile_order": "Tegel {n}",
    "tile_none": "Nog geen blueprint",
    "blueprints_heading": "Alle blueprints",
    "blueprints_caption": "Alle blueprints van deze werkruimte",
    "col_title": "Titel",
    "col_steps": "Stappen",
    "col_measures": "Maatregelen",
    # impact matrix
    "impact_title": "Impactmatrix: maatregelen × blueprints",
    "impact_intro": "Per maatregel van Participatiewet in balans: in welke blueprints en stappen die iets verandert, en welke systemen en wetsartikelen die stappen raken. Zo ziet u wat er verandert voor uw processen en ICT.",
    "impact_matrix": "Matrix",
    "impact_caption": "Aantal stappen per blueprint dat door een maatregel verandert",
    "impact_implements": "geïmplementeerd",
    "impact_total": "Stappen totaal",
    "impact_matrix_note": "Een getal is het aantal stappen dat de maatregel verandert; “geïmplementeerd” betekent dat de blueprint de maatregel als geheel invoert.",
    "impact_details": "Wat verandert er per maatregel",
    "impact_systems": "Systemen die geraakt worden",
    "impact_articles": "Wetsartikelen in deze stappen",
    "impact_changes": "Wijzigt",
    "impact_no_steps": "Nog geen stappen gekoppeld aan deze maatregel.",
    "impact_implemented_by": "Geïmplementeerd door",
    "impact_caption_steps": "Stappen die door “{title}” veranderen",
    # measures
    "measures_title": "Maatregelen",
    "measures_intro": "De maatregelen uit de catalogus, met de artikelen die ze wijzigen, de inwerkingtreding en de blueprints die ze raken.",
    "measure_theme": "Thema",
    "measure_phase": "Fase",
    "measure_phase_n": "fase {n}",
    "measure_effective": "Inwerkingtreding",
    "measure_changes": "Wijzigt",
    "measure_impact": "Impact",
    # laws
    "laws_title": "Wetten",
    "laws_intro": "De wetten en artikelen uit de catalogus, met hun wettelijke termijnen en een link naar wetten.overheid.nl.",
    "law_bwb": "BWB-id",
    "law_caption": "Artikelen van {title}",
    "article": "Artikel",
    "article_title": "Titel",
    "article_terms": "Termijnen",
    "article_cited": "Geciteerd",
    "law_index_title": "Wetsindex",
    "law_index_intro": "Elk geciteerd wetsartikel, met de stappen die erop steunen.",
    "law_index_caption": "Stappen die steunen op {label}",
    "citation": "Verwijzing",
    "citation_note": "Toelichting",
    "blueprint": "Blueprint",
    "step": "Stap",
    # systems and components
    "systems_title": "Systemen",
    "systems_intro": "Elk systeem, gegroepeerd naar GEMMA-referentiecomponent of landelijke voorziening, met de blueprints en stappen die het gebruiken.",
    "systems_without_component": "Zonder GEMMA-component",
    "systems_caption": "Gebruik van {title}",
    "systems_unused": "Niet gebruikt in een stap",
    "components_title": "Componenten en voorzieningen",
    "components_intro": "GEMMA-referentiecomponenten en landelijke voorzieningen uit de catalogus, met de systemen die ernaar verwijzen.",
    "component_kind": "Soort",
    "component_component": "GEMMA-referentiecomponent",
    "component_facility": "Landelijke voorziening",
    "component_systems": "Systemen",
    "component_unused": "Nog niet gebruikt",
    "components_caption": "Alle componenten en voorzieningen",
    # statuses, outcomes (known values; others are shown as written)
    "status_concept": "concept",
    "status_draft": "concept",
    "status_review": "in review",
    "status_vastgesteld": "vastgesteld",
    "status_definitief": "definitief",
    "status_final": "definitief",
    "status_archief": "gearchiveerd",
    "outcome_beschikking": "beschikking",
    "outcome_besluit": "besluit",
    # counts: singular | plural
    "n_steps": "{n} stap|{n} stappen",
    "n_systems": "{n} systeem|{n} systemen",
    "n_blueprints": "{n} blueprint|{n} blueprints",
    "n_times": "{n} keer|{n} keer",
    "count_in": "{part} in {whole}",
    "months": "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december",
    "date": "{day} {month} {year}",
    # municipalities and their variants (deviation.py)
    "nav_municipalities": "Gemeenten",
    "nav_national": "Landelijk",
    "dev_title": "Afwijkingen per gemeente",
    "dev_intro": "Per landelijke blueprint en stap: wat elke gemeente in haar eigen variant ongewijzigd laat, wijzigt, toevoegt of weglaat. De vergelijking kijkt naar de uitgewerkte blueprints, stap voor stap op naam.",
    "dev_matrix": "Afwijkingsmatrix",
    "dev_caption": "Gemeenten × stappen van de landelijke blueprints",
    "dev_csv": "Dezelfde matrix als CSV",
    "dev_legend": "Legenda",
    "dev_node": "Stap",
    "dev_local": "alleen in een gemeente",
    "dev_site": "site van de gemeente",
    "dev_status_unchanged": "ongewijzigd",
    "dev_status_changed": "gewijzigd",
    "dev_status_added": "toegevoegd",
    "dev_status_removed": "weggelaten",
    "dev_status_not-varied": "geen eigen variant",
    "dev_mark_unchanged": "=",
    "dev_mark_changed": "~",
    "dev_mark_added": "+",
    "dev_mark_removed": "−",
    "dev_mark_not-varied": "·",
    "dev_aspects": "({aspects})",
    "dev_aspect_title": "Titel",
    "dev_aspect_lanes": "Acties",
    "dev_aspect_outcome": "Uitkomst",
    "dev_aspect_wait": "Wachten",
    "dev_aspect_kind": "Soort",
    "dev_counts": "{changed} gewijzigd, {added} toegevoegd, {removed} weggelaten",
    "var_title": "Lokale afwijkingen",
    "var_of": "Variant van de landelijke blueprint",
    "var_no_changes": "Deze variant wijkt nergens af van de landelijke blueprint.",
    "var_removed": "Weggelaten stappen van de landelijke blueprint",
    "var_marked": "In het raster staat bij elke stap die deze gemeente toevoegt of wijzigt een markering: + toegevoegd, ~ gewijzigd.",
}

_EN: dict[str, str] = {
    "site_name": "Service blueprints",
    "skip_link": "Skip to content",
    "nav_label": "Main menu",
    "nav_overview": "Overview",
    "nav_journey": "Journey",
    "jm_title": "The customer journey at a glance",
    "jm_intro": "The tiles of the master journey in order, phase by phase: per tile its goal, what the resident does and experiences, the hand-over to the next tile, the statutory terms on the way and the measures that change the tile. Each tile links to its blueprint.",
    "jm_grid_link": "The full grid of the master journey",
    "jm_goal": "Goal",
    "jm_resident": "Resident",
    "jm_handover": "Hand-over",
    "jm_next": "Then:",
    "jm_terms": "Statutory terms",
    "jm_mood_range": "(in the blueprint from {low} to {high})",
    "jm_no_master": "There is no master journey yet; these are the tiles of the debt landscape with their blueprints.",
    "pr_start": "Present",
    "pr_label": "Presentation of this blueprint",
    "pr_hint": "Arrow keys or space: next and previous step. Esc: stop.",
    "pr_of": "Step {n} of {total}",
    "pr_does": "What the resident does",
    "pr_sees": "What the resident sees",
    "pr_changes": "What the measure changes",
    "pr_legal": "Legal basis",
    "pr_systems": "Systems",
    "pr_close": "Stop",
    "pr_next": "Next",
    "pr_prev": "Previous",
    "nav_impact": "Impact matrix",
    "nav_measures": "Measures",
    "nav_law_index": "Law index",
    "nav_laws": "Laws",
    "nav_systems": "Systems",
    "nav_components": "Components",
    "breadcrumb": "Breadcrumb",
    "footer": "Made with pwib-dsl. Every page works without an internet connection and prints well.",
    "none": "none",
    "yes": "yes",
    "no": "no",
    "verified": "verified",
    "unverified": "not verified",
    "source": "Source",
    "personal_data": "personal data",
    "col_personal_data": "Personal data",
    "filter_label": "Filter this list",
    "filter_hint": "Type one or more words; the list shows only what matches.",
    "filter_status": "{shown} of {total} shown",
    "search_heading": "Search",
    "search_label": "Search all blueprints, steps, measures, articles and systems",
    "search_hint": "Type at least two characters. Press Tab to reach the results.",
    "search_status": "{shown} of {total} results shown",
    "search_empty": "No results",
    "kind_blueprint": "Blueprint",
    "kind_measure": "Measure",
    "kind_article": "Article",
    "kind_system": "System",
    "kind_component": "Component",
    "bp_meta": "About this blueprint",
    "bp_tile": "Tile",
    "bp_status": "Status",
    "bp_version": "Version",
    "bp_owner": "Owner",
    "bp_file": "Source file",
    "bp_implements": "Implements",
    "bp_downloads": "Also as",
    "bp_download_bpmn": "BPMN 2.0 (process model)",
    "bp_download_json": "JSON (data)",
    "bp_grid": "Blueprint",
    "bp_grid_caption": "Service blueprint “{title}”: phases and steps in columns, lanes and layers in rows",
    "bp_grid_region": "Blueprint, scrolls horizontally",
    "bp_scroll_hint": "The table is wider than the screen: scroll sideways or use the arrow keys.",
    "bp_phase_corner": "Phase",
    "bp_step_corner": "Step",
    "bp_no_phase": "Outside phases",
    "bp_empty": "This blueprint has no steps yet.",
    "bp_flow": "Flow",
    "bp_flow_next": "Then: {target}",
    "bp_flow_end": "End of the journey",
    "bp_flow_none": "No successor",
    "bp_otherwise": "otherwise",
    "bp_outcome": "Outcome: {outcome}",
    "bp_journey": "Carried out in",
    "bp_actors": "Actors",
    "bp_systems": "Systems in this blueprint",
    "bp_actor": "Actor",
    "bp_role": "Role",
    "bp_system": "System",
    "bp_component": "GEMMA component or facility",
    "bp_used_in": "Used in",
    "bp_steps": "Steps",
    "zone_service": "Journey and service delivery",
    "zone_programme": "Programme translation",
    "zone_experience": "Experience",
    "line_interaction": "Line of interaction",
    "line_visibility": "Line of visibility",
    "line_internal": "Line of internal interaction",
    "legend": "Legend",
    "legend_intro": "A service blueprint records, for each step of the customer journey, what the customer does and sees, what the organisation does in front of and behind the scenes, and which systems, laws and measures are involved.",
    "legend_lanes": "Lanes and lines",
    "legend_layers": "Programme layers",
    "legend_marks": "Marks",
    "legend_evidence": "What the customer sees or receives: letters, web pages, formal decisions.",
    "legend_customer": "What the customer does.",
    "legend_interaction": "Where customer and organisation meet.",
    "legend_frontstage": "What staff or systems do in contact with the customer.",
    "legend_visibility": "The customer sees nothing below this line.",
    "legend_backstage": "What staff do out of the customer’s sight.",
    "legend_internal": "Separates customer contact from the rest of the organisation.",
    "legend_support": "Internal processes, other departments and chain partners.",
    "legend_systems": "Applications and national facilities, with their GEMMA reference component.",
    "legend_legal": "The legal basis, linked to the article on wetten.overheid.nl.",
    "legend_policy": "Local policy choices and by-laws.",
    "legend_communication": "Letters, messages and channels.",
    "legend_functionality": "What systems must be able to do.",
    "legend_measures": "Participation Act in balance measures that change this step.",
    "legend_toolkit": "Implementation products: templates and work instructions.",
    "legend_deadlines": "The step’s deadline, with the statutory term of the articles it cites.",
    "legend_experience": "How the customer experiences the step (from −2 to +2), pain points, opportunities and KPIs.",
    "legend_decision": "A decision branches; each branch says where it leads.",
    "legend_end": "An end closes the journey.",
    "legend_badge": "A label with text is a measure; it links to the measure.",
    "deadline": "Deadline: {term}",
    "legal_term": "Statutory term",
    "term_max": "at most {term}",
    "node_wait": "Waiting",
    "bp_wait": "Waits for {party}",
    "bp_actor_org": "Organisation",
    "deadline_expires": "Then:",
    "branch_max": "at most once|at most {n} times",
    "term_starts": "{term} starts",
    "term_ends": "Due here: {term}",
    "term_suspended": "{term} is suspended",
    "term_only_when": "only when: {condition}",
    "terms_title": "Terms spanning several steps",
    "terms_caption": "The terms that run from one step to a later one",
    "terms_name": "Term",
    "terms_length": "Length",
    "terms_span": "From – to",
    "terms_suspended_by": "Suspended during",
    "terms_condition": "Applies",
    "terms_always": "always",
    "terms_legal": "Legal basis",
    "legend_wait": "The organisation waits here for the resident or a partner: waiting time, not work.",
    "emotion_paths": "Emotion per path",
    "emotion_paths_intro": "Each path is one way through this journey; other outcomes are separate paths, not one resident going through all of them.",
    "emotion_path": "Path {n}",
    "emotion_path_plain": "no choices",
    "emotion_path_timeout": "term passed: {target}",
    "emotion_path_none": "no emotion recorded",
    "emotion_paths_more": "There are more paths; the first {n} are listed.",
    "emotion_scale": "from −2 (very negative) to +2 (very positive)",
    "emotion_m2": "very negative",
    "emotion_m1": "negative",
    "emotion_0": "neutral",
    "emotion_p1": "positive",
    "emotion_p2": "very positive",
    "emotion_none": "not recorded",
    "index_title": "Overview",
    "index_intro": "This site shows the service blueprints of this workspace: for each customer journey its steps, who does what, and which laws, systems and measures are involved.",
    "index_stats": "In figures",
    "stat_blueprints": "blueprints",
    "stat_steps": "steps and decisions",
    "stat_measures": "measures involved",
    "stat_articles": "articles cited",
    "stat_systems": "systems in use",
    "master_journey": "Master journey",
    "master_intro": "The tiles of the customer journey in order. Each tile links to the blueprint that carries it out.",
    "tiles_heading": "Tiles",
    "tiles_intro": "The tiles of the debt landscape in order, with their blueprints.",
    "tile_order": "Tile {n}",
    "tile_none": "No blueprint yet",
    "blueprints_heading": "All blueprints",
    "blueprints_caption": "All blueprints of this workspace",
    "col_title": "Title",
    "col_steps": "Steps",
    "col_measures": "Measures",
    "impact_title": "Impact matrix: measures × blueprints",
    "impact_intro": "For each Participation Act in balance measure: the blueprints and steps it changes, and the systems and articles those steps touch. This shows what changes for your processes and ICT.",
    "impact_matrix": "Matrix",
    "impact_caption": "Number of steps per blueprint changed by a measure",
    "impact_implements": "implemented",
    "impact_total": "Steps in total",
    "impact_matrix_note": "A number counts the steps the measure changes; “implemented” means the blueprint introduces the measure as a whole.",
    "impact_details": "What changes, per measure",
    "impact_systems": "Systems affected",
    "impact_articles": "Articles cited in these steps",
    "impact_changes": "Amends",
    "impact_no_steps": "No steps linked to this measure yet.",
    "impact_implemented_by": "Implemented by",
    "impact_caption_steps": "Steps changed by “{title}”",
    "measures_title": "Measures",
    "measures_intro": "The measures in the catalogue, with the articles they amend, their entry into force and the blueprints they touch.",
    "measure_theme": "Theme",
    "measure_phase": "Phase",
    "measure_phase_n": "phase {n}",
    "measure_effective": "Entry into force",
    "measure_changes": "Amends",
    "measure_impact": "Impact",
    "laws_title": "Laws",
    "laws_intro": "The laws and articles in the catalogue, with their statutory terms and a link to wetten.overheid.nl.",
    "law_bwb": "BWB id",
    "law_caption": "Articles of {title}",
    "article": "Article",
    "article_title": "Title",
    "article_terms": "Terms",
    "article_cited": "Cited",
    "law_index_title": "Law index",
    "law_index_intro": "Every cited article, with the steps that rely on it.",
    "law_index_caption": "Steps relying on {label}",
    "citation": "Reference",
    "citation_note": "Note",
    "blueprint": "Blueprint",
    "step": "Step",
    "systems_title": "Systems",
    "systems_intro": "Every system, grouped by GEMMA reference component or national facility, with the blueprints and steps that use it.",
    "systems_without_component": "Without a GEMMA component",
    "systems_caption": "Use of {title}",
    "systems_unused": "Not used in any step",
    "components_title": "Components and facilities",
    "components_intro": "GEMMA reference components and national facilities in the catalogue, with the systems that refer to them.",
    "component_kind": "Kind",
    "component_component": "GEMMA reference component",
    "component_facility": "National facility",
    "component_systems": "Systems",
    "component_unused": "Not used yet",
    "components_caption": "All components and facilities",
    "status_concept": "draft",
    "status_draft": "draft",
    "status_review": "in review",
    "status_vastgesteld": "adopted",
    "status_definitief": "final",
    "status_final": "final",
    "status_archief": "archived",
    "outcome_beschikking": "formal decision (beschikking)",
    "outcome_besluit": "decision",
    "n_steps": "{n} step|{n} steps",
    "n_systems": "{n} system|{n} systems",
    "n_blueprints": "{n} blueprint|{n} blueprints",
    "n_times": "{n} time|{n} times",
    "count_in": "{part} in {whole}",
    "months": "January|February|March|April|May|June|July|August|September|October|November|December",
    "date": "{day} {month} {year}",
    # municipalities and their variants (deviation.py)
    "nav_municipalities": "Municipalities",
    "nav_national": "National",
    "dev_title": "Deviations per municipality",
    "dev_intro": "For each national blueprint and step: what each municipality leaves unchanged, changes, adds or leaves out in its own variant. The comparison looks at the resolved blueprints, step by step by name.",
    "dev_matrix": "Deviation matrix",
    "dev_caption": "Municipalities × steps of the national blueprints",
    "dev_csv": "The same matrix as CSV",
    "dev_legend": "Legend",
    "dev_node": "Step",
    "dev_local": "only in a municipality",
    "dev_site": "the municipality's site",
    "dev_status_unchanged": "unchanged",
    "dev_status_changed": "changed",
    "dev_status_added": "added",
    "dev_status_removed": "left out",
    "dev_status_not-varied": "no variant of its own",
    "dev_mark_unchanged": "=",
    "dev_mark_changed": "~",
    "dev_mark_added": "+",
    "dev_mark_removed": "−",
    "dev_mark_not-varied": "·",
    "dev_aspects": "({aspects})",
    "dev_aspect_title": "Title",
    "dev_aspect_lanes": "Actions",
    "dev_aspect_outcome": "Outcome",
    "dev_aspect_wait": "Waiting",
    "dev_aspect_kind": "Kind",
    "dev_counts": "{changed} changed, {added} added, {removed} left out",
    "var_title": "Local deviations",
    "var_of": "Variant of the national blueprint",
    "var_no_changes": "This variant does not deviate from the national blueprint anywhere.",
    "var_removed": "Steps of the national blueprint left out",
    "var_marked": "In the grid every step this municipality adds or changes is marked: + added, ~ changed.",
}



def _words(lang: str) -> dict[str, str]:
    """The labels of the language's own words (lanes, layers, units, flow nodes): their headings
    in the shared table :mod:`pwib_dsl.labels`."""
    names = labels.table(lang)
    out = {f"lane_{lane}": names[f"lane.{lane}"].heading for lane in keywords.of_kind("lane")}
    out["row_systems"] = names["layer.systems"].heading
    for key, row in _LAYER_ROWS.items():
        out[f"layer_{key}"] = names[f"layer.{row}"].heading
    for unit in ("days", "workdays", "weeks", "months", "years"):
        out[f"unit_{unit}"] = names[f"unit.{unit}"].heading
    for kind in keywords.FLOW_NODES:
        out[f"node_{kind}"] = names[f"node.{kind}"].heading
    return out


#: The blueprint page's layer rows (``layer_pains``) and the shared entries they show.
_LAYER_ROWS = {
    "legal": "legal", "policy": "policy", "communication": "communication", "functionality": "functionality",
    "measures": "measures", "toolkit": "toolkit", "deadlines": "deadline", "emotion": "emotion",
    "pains": "pain", "opportunities": "opportunity", "kpis": "kpi", "notes": "note",
}

_NL.update(_words("nl"))
_EN.update(_words("en"))

TABLES: dict[str, dict[str, str]] = {"nl": _NL, "en": _EN}

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")


class Labels:
    """Label lookup for one language: ``L.nav_overview``, ``L.fmt("tile_order", n=3)``,
    ``L.count("n_steps", 3)``.

    An unknown key raises, so a template typo fails the build's tests instead of printing
    an empty string.
    """

    def __init__(self, lang: str) -> None:
        if lang not in TABLES:
            raise ValueError(f"unsupported output language {lang!r}; choose from {', '.join(TABLES)}")
        self.lang = lang
        self._table = TABLES[lang]

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self._table[key]
        except KeyError:
            raise AttributeError(f"no label {key!r}") from None

    def __getitem__(self, key: str) -> str:
        return self._table[key]

    def get(self, key: str, default: str | None = None) -> str | None:
        return self._table.get(key, default)

    def fmt(self, key: str, **params: object) -> str:
        return self._table[key].format(**params)

    def markup(self, key: str, **params: object):
        """A label with HTML-safe placeholders: the label is escaped, each parameter is escaped
        unless it is already markup (authored text marked with its language, for instance)."""
        from markupsafe import Markup, escape

        return Markup(escape(self._table[key])).format(**params)

    def count(self, key: str, n: int) -> str:
        """``1 stap`` / ``3 stappen``: a ``singular|plural`` label with ``{n}``."""
        one, many = self._table[key].split("|")
        return (one if n == 1 else many).format(n=n)

    def count_in(self, part_key: str, part: int, whole_key: str, whole: int) -> str:
        """``3 stappen in 2 blueprints``."""
        return self.fmt("count_in", part=self.count(part_key, part), whole=self.count(whole_key, whole))

    def unit(self, amount: int, unit: str) -> str:
        """``4 weken`` / ``1 week`` / ``3 working days``."""
        forms = self._table.get(f"unit_{unit}")
        if forms is None:
            return f"{amount} {unit}"
        one, many = forms.split("|")
        return f"{amount} {one if amount == 1 else many}"

    def term(self, amount: int, unit: str, is_max: bool = False) -> str:
        text = self.unit(amount, unit)
        return self.fmt("term_max", term=text) if is_max else text

    def date(self, iso: str) -> str:
        """``2026-01-01`` → ``1 januari 2026``; anything else is returned unchanged."""
        match = _ISO_DATE.match(iso)
        if not match or not 1 <= int(match.group(2)) <= 12:
            return iso
        months = self._table["months"].split("|")
        return self.fmt(
            "date", day=int(match.group(3)), month=months[int(match.group(2)) - 1], year=match.group(1)
        )

    def status(self, value: str) -> str:
        return self._table.get(f"status_{value}", value)

    def outcome(self, value: str) -> str:
        return self._table.get(f"outcome_{value}", value)

    def emotion(self, value: int) -> str:
        key = {-2: "emotion_m2", -1: "emotion_m1", 0: "emotion_0", 1: "emotion_p1", 2: "emotion_p2"}.get(value)
        return self._table[key] if key else str(value)

    def node_kind(self, kind: str) -> str:
        return self._table[f"node_{kind}"]
