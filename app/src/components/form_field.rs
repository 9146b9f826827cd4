use leptos::prelude::*;

/// A labelled input bound to one field of a form, with its error under it.
/// `aria-invalid` and `aria-describedby` tie the error to the input for screen readers.
#[component]
pub fn FormField(
    /// The form field's name; also the element id.
    name: &'static str,
    label: &'static str,
    #[prop(default = false)] required: bool,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] list: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    on_blur: Callback<()>,
    #[prop(into)] error: Signal<Option<String>>,
    /// Extra line under the input (e.g. the full login address).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    view! {
        <div class="field">
            <label for=name>{label} {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            <input id=name name=name type=input_type autocomplete=autocomplete list=list placeholder=placeholder
                required=required
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
                on:blur=move |_| on_blur.run(()) />
            {children.map(|c| c())}
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}
