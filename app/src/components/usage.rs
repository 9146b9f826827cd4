//! Usage against plan limits: meters and a 12-month chart. Plain SVG and HTML, so the
//! same views render in the console and in the reseller portal (no script needed).

use crate::components::empty_state::EmptyState;
use crate::components::figures::Count;
use crate::domain::{format_count, format_exact, percent_used, PlanSummary, ResellerUsage};
use leptos::prelude::*;

/// This month's messages and WhatsApp messages and the current team, each against the
/// plan's limit when there is a plan.
#[component]
pub fn UsageMeters(usage: ResellerUsage, plan: Option<PlanSummary>) -> impl IntoView {
    let now = usage.current();
    let limit = |f: fn(&PlanSummary) -> i64| plan.as_ref().map(f);
    view! {
        <div class="meters">
            <Meter label="Messages" used=now.messages limit=limit(|p| p.messages_limit) />
            <Meter label="WhatsApp messages" used=now.whatsapp limit=limit(|p| p.whatsapp_limit) />
            <Meter label="Team members" used=usage.team_members limit=limit(|p| p.team_members_limit) />
        </div>
    }
    .into_any()
}

#[component]
fn Meter(label: &'static str, used: i64, limit: Option<i64>) -> impl IntoView {
    let percent = limit.and_then(|l| percent_used(used, l));
    let level = match percent {
        Some(p) if p >= 100 => "over",
        Some(p) if p >= 80 => "high",
        _ => "ok",
    };
    let of = match limit {
        Some(l) => format!(" of {}", format_count(l)),
        None => " (no plan limit)".to_owned(),
    };
    let spoken = format!(
        "{label}: {} used{}{}",
        format_exact(used),
        limit.map(|l| format!(" of {}", format_exact(l))).unwrap_or_default(),
        percent.map(|p| format!(", {p} %")).unwrap_or_default()
    );
    let filled = percent.unwrap_or(0).clamp(0, 100);
    view! {
        <div class=format!("meter {level}")>
            <div class="meter-text">
                <span class="meter-label">{label}</span>
                <span class="meter-figures">
                    <Count value=used />{of}
                    {percent.map(|p| view! { <strong class="meter-percent">{format!("{p} %")}</strong> })}
                </span>
            </div>
            <div class="meter-bar" role="progressbar" aria-label=spoken aria-valuemin="0" aria-valuemax="100"
                aria-valuenow=percent.map(|p| p.to_string())>
                <svg viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                    <rect class="meter-track" x="0" y="0" width="100" height="8" rx="4" />
                    <rect class="meter-fill" x="0" y="0" width=filled.to_string() height="8" rx="4" />
                </svg>
            </div>
        </div>
    }
    .into_any()
}

/// Messages and WhatsApp messages over the last 12 months as grouped bars, with the
/// figures as a table for screen readers and anyone who prefers numbers.
#[component]
pub fn UsageChart(usage: ResellerUsage, #[prop(into)] id: String) -> impl IntoView {
    const W: f64 = 960.0;
    const H: f64 = 260.0;
    const LEFT: f64 = 64.0;
    const BOTTOM: f64 = 28.0;
    const TOP: f64 = 12.0;
    let months = usage.months.clone();
    let peak = months.iter().map(|m| m.messages.max(m.whatsapp)).max().unwrap_or(0).max(1);
    let scale = nice_ceiling(peak);
    let plot_h = H - BOTTOM - TOP;
    let slot = (W - LEFT) / months.len().max(1) as f64;
    let bar = (slot * 0.32).min(18.0);
    let y = |v: i64| TOP + plot_h - (v as f64 / scale as f64) * plot_h;
    let steps = grid_steps(scale);
    let grid: Vec<i64> = (0..=steps).map(|i| scale * i / steps).collect();
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    let total_messages: i64 = months.iter().map(|m| m.messages).sum();
    let total_whatsapp: i64 = months.iter().map(|m| m.whatsapp).sum();
    if total_messages == 0 && total_whatsapp == 0 {
        return view! {
            <EmptyState title="No usage yet"
                hint="Messages and WhatsApp messages appear here month by month once the reseller's customers send them." action=None />
        }
        .into_any();
    }
    let description = format!(
        "{} messages and {} WhatsApp messages in the last 12 months; this month {} and {}.",
        format_exact(total_messages),
        format_exact(total_whatsapp),
        format_exact(usage.current().messages),
        format_exact(usage.current().whatsapp)
    );
    view! {
        <figure class="chart">
            <div class="chart-legend" aria-hidden="true">
                <span class="legend messages">"Messages"</span>
                <span class="legend whatsapp">"WhatsApp messages"</span>
            </div>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby=labelled_by>
                <title id=title_id>"Usage over the last 12 months"</title>
                <desc id=desc_id>{description}</desc>
                {grid.into_iter().map(|v| {
                    let gy = format!("{:.1}", y(v));
                    view! {
                        <line class="grid" x1=LEFT.to_string() x2=W.to_string() y1=gy.clone() y2=gy.clone() />
                        <text class="axis" x=(LEFT - 6.0).to_string() y=gy text-anchor="end" dominant-baseline="middle">
                            {format_count(v)}
                        </text>
                    }
                }).collect_view()}
                {months.iter().enumerate().map(|(i, m)| {
                    let x = LEFT + slot * i as f64 + slot / 2.0;
                    let bar_at = |v: i64, dx: f64, class: &'static str, what: &'static str| {
                        let top = y(v);
                        view! {
                            <rect class=class x=format!("{:.1}", x + dx) y=format!("{top:.1}") width=format!("{bar:.1}")
                                height=format!("{:.1}", (TOP + plot_h - top).max(0.0)) rx="2">
                                <title>{format!("{}: {} {what}", m.month.label(), format_exact(v))}</title>
                            </rect>
                        }
                    };
                    view! {
                        {bar_at(m.messages, -bar - 1.0, "bar messages", "messages")}
                        {bar_at(m.whatsapp, 1.0, "bar whatsapp", "WhatsApp messages")}
                        <text class="axis month" class:odd=i % 2 == 1 x=format!("{x:.1}") y=(H - 8.0).to_string() text-anchor="middle">
                            {m.month.short_name()}
                        </text>
                    }
                }).collect_view()}
            </svg>
            <details class="chart-table">
                <summary>"Show the figures"</summary>
                <table class="table compact">
                    <thead><tr><th scope="col">"Month"</th><th scope="col">"Messages"</th><th scope="col">"WhatsApp messages"</th></tr></thead>
                    <tbody>
                        {months.iter().rev().map(|m| view! {
                            <tr>
                                <th scope="row">{m.month.label()}</th>
                                <td>{format_exact(m.messages)}</td>
                                <td>{format_exact(m.whatsapp)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
    .into_any()
}

/// Grid lines that land on round figures: 5 for a top of 5 × 10^n, 4 otherwise.
fn grid_steps(top: i64) -> i64 {
    let mut lead = top;
    while lead >= 10 {
        lead /= 10;
    }
    if lead == 5 {
        5
    } else {
        4
    }
}

/// The smallest 1/2/5 × 10^n at or above `n` (the chart's top line).
fn nice_ceiling(n: i64) -> i64 {
    let mut magnitude = 1i64;
    while magnitude * 10 < n {
        magnitude *= 10;
    }
    [1, 2, 5, 10].iter().map(|f| f * magnitude).find(|v| *v >= n).unwrap_or(n).max(4)
}

#[cfg(test)]
mod tests {
    use super::nice_ceiling;

    #[test]
    fn chart_tops_are_round() {
        assert_eq!(nice_ceiling(1), 4);
        assert_eq!(nice_ceiling(7), 10);
        assert_eq!(nice_ceiling(1_234), 2_000);
        assert_eq!(nice_ceiling(5_000), 5_000);
        assert_eq!(nice_ceiling(51_000), 100_000);
    }

    #[test]
    fn grid_lines_land_on_round_figures() {
        assert_eq!(super::grid_steps(5_000_000), 5);
        assert_eq!(super::grid_steps(2_000), 4);
        assert_eq!(super::grid_steps(100_000), 4);
    }
}
