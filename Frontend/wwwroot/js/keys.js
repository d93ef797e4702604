// Progressive enhancement of /settings/keys; the page works without it.
// A revealed key is hidden again after 30 seconds and gets a copy button.
(() => {
    "use strict";
    const shownFor = 30_000;

    for (const output of document.querySelectorAll("output[data-revealed]")) {
        const note = output.parentElement.querySelector("[data-revealed-note]");

        if (navigator.clipboard) {
            const copy = document.createElement("button");
            copy.type = "button";
            copy.className = "secondary";
            copy.textContent = "Copy";
            copy.addEventListener("click", async () => {
                try {
                    await navigator.clipboard.writeText(output.textContent);
                    copy.textContent = "Copied";
                } catch {
                    copy.textContent = "Copy failed";
                }
            });
            output.after(copy);
        }

        setTimeout(() => {
            output.textContent = "";
            output.hidden = true;
            output.parentElement.querySelector("button[type=button]")?.remove();
            if (note) {
                note.textContent = "Hidden again. Reveal it again if you need it.";
            }
        }, shownFor);
    }
})();
