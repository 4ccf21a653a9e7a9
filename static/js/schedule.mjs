// Drag-and-drop on the organisers' schedule grid. Each session card is draggable; dropping it on a
// cell posts that room and time to the card's move URL (the same endpoint as its "Move" form, which
// works without JavaScript and from the keyboard), then reloads the page to show the result.
const grid = document.querySelector("[data-schedule-grid]");
const status = document.getElementById("schedule-status");

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

if (grid) {
  let dragged = null;

  grid.addEventListener("dragstart", (event) => {
    const card = event.target.closest("[data-move-url]");
    if (!card) return;
    dragged = card;
    card.classList.add("app-schedule__card--dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.moveUrl);
  });

  grid.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("app-schedule__card--dragging");
    grid.querySelectorAll(".app-schedule__cell--over").forEach((cell) => cell.classList.remove("app-schedule__cell--over"));
  });

  grid.addEventListener("dragover", (event) => {
    const cell = event.target.closest("[data-drop-room]");
    if (!cell || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    cell.classList.add("app-schedule__cell--over");
  });

  grid.addEventListener("dragleave", (event) => {
    const cell = event.target.closest("[data-drop-room]");
    if (cell && !cell.contains(event.relatedTarget)) cell.classList.remove("app-schedule__cell--over");
  });

  grid.addEventListener("drop", async (event) => {
    const cell = event.target.closest("[data-drop-room]");
    if (!cell || !dragged) return;
    event.preventDefault();
    const prefix = dragged.dataset.movePrefix;
    const body = new FormData();
    body.append(`${prefix}-room`, cell.dataset.dropRoom);
    body.append(`${prefix}-slot`, cell.dataset.dropSlot);
    const response = await fetch(dragged.dataset.moveUrl, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
    });
    let answer = {};
    try {
      answer = await response.json();
    } catch {
      answer = {};
    }
    if (response.ok && answer.ok) {
      window.location.reload();
    } else if (status) {
      status.textContent = (answer.errors || []).join(" ") || response.statusText;
      status.classList.add("govuk-error-message");
    }
  });
}
