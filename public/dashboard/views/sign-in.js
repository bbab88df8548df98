// Sign-in: with the one-time link (local: it arrives in the address and is handled before this
// page shows), or with an e-mailed code (Supabase Auth).
import { h, replaceChildren, uniqueId } from "../lib/dom.js";
import { signInConfig, sendEmailCode, verifyEmailCode } from "../lib/session.js";

/**
 * @param {HTMLElement} main
 * @param {{ problem?: string, notice?: string, onSignedIn: () => void }} options
 */
export async function renderSignIn(main, { problem, notice, onSignedIn }) {
  const config = await signInConfig();
  const card = h("section", { class: "panel sign-in", "aria-labelledby": "sign-in-title" },
    h("img", { class: "sign-in-mark", src: "/dashboard/icon.svg", alt: "", width: 48, height: 48 }),
    h("h1", { id: "sign-in-title", tabIndex: -1 }, "Sign in to your receptionist"),
    problem && h("p", { class: "alert alert-error", role: "alert" }, problem),
    notice && h("p", { class: "alert alert-info" }, notice),
  );
  if (config.signIn === "local") {
    card.append(
      h("p", {}, "Open the one-time sign-in link you were given. On this machine, ", h("code", {}, "npm start"), " prints one for each demo member; an operator makes a new one with ", h("code", {}, "npm run cli -- members link"), "."),
      h("p", { class: "muted" }, "Links work once and for 15 minutes. Your session ends when you close this tab or after 12 hours."),
    );
  } else if (config.signIn === "supabase") {
    card.append(emailCodeForm(onSignedIn));
  } else {
    card.append(h("p", {}, "Sign-in is not set up on this service yet. Ask the people who run it to configure Supabase Auth."));
  }
  replaceChildren(main, h("div", { class: "sign-in-wrap" }, card));
}

/** @param {() => void} onSignedIn */
function emailCodeForm(onSignedIn) {
  const emailId = uniqueId("email");
  const codeId = uniqueId("code");
  const message = h("p", { class: "form-message", role: "status" });
  const email = h("input", { id: emailId, type: "email", name: "email", required: true, autocomplete: "email", inputmode: "email" });
  // Required only once shown: a hidden required field would stop the first step's submit.
  const code = h("input", { id: codeId, type: "text", name: "code", autocomplete: "one-time-code", inputmode: "numeric", pattern: "[0-9]{6,10}" });
  const codeStep = h("div", { class: "field", hidden: true }, h("label", { for: codeId }, "Code from the e-mail"), code);
  const submit = h("button", { type: "submit", class: "button button-primary" }, "Send me a code");
  let sent = false;
  const form = h("form", {
    class: "form",
    onsubmit: async (/** @type {SubmitEvent} */ event) => {
      event.preventDefault();
      submit.disabled = true;
      message.className = "form-message";
      try {
        if (!sent) {
          await sendEmailCode(email.value.trim());
          sent = true;
          codeStep.hidden = false;
          code.required = true;
          email.readOnly = true;
          submit.textContent = "Sign in";
          message.textContent = "We sent a code (and a sign-in link) to that address if it belongs to a member. It is valid for a few minutes.";
          code.focus();
        } else {
          await verifyEmailCode(email.value.trim(), code.value.trim());
          onSignedIn();
        }
      } catch (error) {
        message.className = "form-message form-message-error";
        message.textContent = error instanceof Error ? error.message : String(error);
      } finally {
        submit.disabled = false;
      }
    },
  },
    h("div", { class: "field" }, h("label", { for: emailId }, "E-mail address"), email),
    codeStep,
    message,
    h("div", { class: "actions" }, submit),
  );
  return form;
}
