// The Training view: settings, Train / Pause training / Train one step, the replayed loss curve and surface.
import { fetchTrain } from "../api.js";
import {
  appendRun,
  defaultSettings,
  metricsAt,
  networkSpec,
  replayRate,
  replayStep,
  snapshotAt,
  snapshotNetwork,
  trainRequest,
  DATASETS,
  outputOf,
} from "../training.js";
import { NO_ACTIVATIONS } from "../activations.js";
import { surfaceRange, CLASS_COLORS } from "../plot.js";
import { formatValue } from "../format.js";
import { el, button, field, input } from "./dom.js";
import { createTrainingForm } from "./training-form.js";
import { createSurface } from "./surface.js";
import { createLossChart } from "./loss-chart.js";
import { download, lossChartPng, surfacePng } from "./training-export.js";

const percent = (a) => (a === null || a === undefined ? "—" : `${Math.round(a * 1000) / 10}%`);

/**
 * Builds the view into #training the first time it is shown (so its fields never clash with the
 * graph view's). onOpen(networkSpec, {step, example}) opens a snapshot in the graph view;
 * onSettings(settings) after each settings change (for the URL hash); `activations`
 * (activations.js) until setActivations gives the server's.
 */
export const createTraining = ({ onOpen, onSettings = () => {}, activations: known = NO_ACTIVATIONS }) => {
  const root = document.getElementById("training");
  let ui = null;
  let run = null; // training.js appendRun state
  let runSettings = null; // the settings the run was trained with
  let cursor = 0;
  let playing = false;
  let raf = 0;
  let replay = null; // {from, to, t0, rate}
  let drawnSnapshot = null;
  let request = 0;
  let activations = known;

  // A surface's value range: an output's lies between class 0's target (its class_off) and 1.
  const rangeOf = (grid, settings) => {
    const out = outputOf(settings.output);
    return surfaceRange(grid.kind, activations.classOff(out.output_activation), out.units);
  };

  const setState = (state) => {
    root.dataset.state = state;
    if (!ui) return;
    ui.trainButton.textContent = playing ? "Pause training" : "Train";
    ui.trainButton.setAttribute("aria-pressed", String(playing));
    ui.trainButton.disabled = state === "fetching";
    ui.stepButton.disabled = state === "fetching";
    ui.openButton.disabled = !run;
    ui.resetButton.disabled = !run || state === "fetching";
  };

  const say = (text, kind = "info") => {
    ui.status.textContent = text;
    ui.status.dataset.kind = kind;
  };

  const render = () => {
    if (!run) return;
    const { loss, accuracy } = metricsAt(run, cursor);
    const log = ui.logScale.checked;
    ui.chart.draw(run, cursor, log);
    const snapshot = snapshotAt(run.snapshots, cursor);
    if (snapshot?.grid && (drawnSnapshot !== snapshot || ui.surface.element.dataset.step !== String(snapshot.step))) {
      ui.surface.draw(snapshot.grid, rangeOf(snapshot.grid, runSettings), run.dataset, snapshot.step);
      drawnSnapshot = snapshot;
    }
    ui.scrubber.max = String(run.total);
    ui.scrubber.value = String(cursor);
    const text = `Step ${cursor} of ${run.total} · loss ${formatValue(loss)}${run.accuracy ? ` · accuracy ${percent(accuracy)}` : ""}`;
    ui.counter.textContent = text;
    ui.scrubber.setAttribute("aria-valuetext", text);
    ui.surfaceCaption.textContent = snapshot ? `Model output after step ${snapshot.step}` : "";
    root.dataset.step = String(cursor);
    root.dataset.total = String(run.total);
    root.dataset.loss = String(loss);
    root.dataset.initialLoss = String(run.initialLoss);
    if (accuracy !== null && accuracy !== undefined) root.dataset.accuracy = String(accuracy);
    ui.openNote.textContent = snapshot
      ? `Opens the weights of step ${snapshot.step} (the surface shown) with one example as input.`
      : "";
  };

  const stop = () => {
    playing = false;
    cancelAnimationFrame(raf);
  };

  const tick = (now) => {
    if (!playing) return;
    if (replay.t0 === null) replay.t0 = now;
    cursor = replayStep(replay.from, replay.to, now - replay.t0, replay.rate);
    render();
    if (cursor >= replay.to) {
      stop();
      setState("done");
      say(`Trained ${run.total} steps. Press Train to train ${runSettings.steps} more, or scrub back through the run.`);
      return;
    }
    raf = requestAnimationFrame(tick);
  };

  const play = (to) => {
    stop();
    playing = true;
    replay = { from: cursor, to, t0: null, rate: replayRate(Math.max(1, to - cursor)) };
    setState("playing");
    raf = requestAnimationFrame(tick);
  };

  const reset = () => {
    stop();
    request += 1;
    run = null;
    runSettings = null;
    cursor = 0;
    drawnSnapshot = null;
    ui.chart.clear(ui.form.read.safe().steps);
    ui.surface.clear();
    ui.counter.textContent = "Step 0 · not trained yet";
    // The scrubber goes back to step 0 with the counter.
    ui.scrubber.max = "0";
    ui.scrubber.value = "0";
    ui.scrubber.setAttribute("aria-valuetext", "Step 0 · not trained yet");
    ui.surfaceCaption.textContent = "";
    for (const key of ["step", "total", "loss", "initialLoss", "accuracy"]) delete root.dataset[key];
    setState("idle");
    preview();
  };

  // Before the first run: the data set's points over the untrained model's output (one step
  // trained on the server, its step-0 snapshot shown), so the data is visible from the start.
  let previewId = 0;
  let previewTimer = 0;
  const preview = () => {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(showPreview, 250); // typing "16, 16" asks once, not per key
  };
  const showPreview = async () => {
    let settings;
    try {
      settings = ui.form.read();
      networkSpec(settings);
    } catch {
      return;
    }
    const mine = ++previewId;
    try {
      const chunk = await fetchTrain({ ...trainRequest({ ...settings, steps: 1 }), snapshot_every: 1 });
      const first = chunk.snapshots?.[0];
      if (mine !== previewId || run || !first?.grid) return;
      ui.surface.draw(first.grid, rangeOf(first.grid, settings), chunk.dataset, 0);
      ui.surfaceCaption.textContent = `Before training: the ${chunk.dataset.size} points of ${settings.dataset} over the untrained model's output`;
      root.dataset.preview = settings.dataset;
    } catch {
      /* the preview is a courtesy: Train reports any real problem */
    }
  };

  // Trains the next chunk (from the run's last weights, or from scratch) and appends it.
  const fetchChunk = async () => {
    let settings;
    try {
      settings = ui.form.read();
      networkSpec(settings);
    } catch (err) {
      say(err.message, "error");
      return false;
    }
    const mine = ++request;
    setState("fetching");
    say(
      run ? `Training ${settings.steps} more steps on the server…` : `Training ${settings.steps} steps on the server…`,
      "progress",
    );
    const started = performance.now();
    try {
      const chunk = await fetchTrain(trainRequest(settings, run ? run.weights : null));
      if (mine !== request) return false;
      run = appendRun(run, chunk);
      runSettings = settings;
      const ms = Math.round(performance.now() - started);
      say(`Trained ${chunk.steps} steps in ${ms} ms; replaying them.`);
      root.dataset.fetchMs = String(ms);
      return true;
    } catch (err) {
      if (mine !== request) return false;
      say(`Training failed: ${err.message}`, "error");
      setState("error");
      return false;
    }
  };

  const onTrain = async () => {
    if (playing) {
      stop();
      setState("paused");
      say(`Paused at step ${cursor}. Train resumes; Train one step advances by one.`);
      return;
    }
    if (!run || cursor >= run.total) {
      if (!(await fetchChunk())) return;
    }
    play(run.total);
  };

  const onStep = async () => {
    stop();
    if (!run || cursor >= run.total) {
      if (!(await fetchChunk())) return;
    }
    cursor += 1;
    render();
    setState(cursor >= run.total ? "done" : "paused");
  };

  const onOpenSnapshot = () => {
    if (!run) return;
    const snapshot = snapshotAt(run.snapshots, cursor);
    const i = Math.max(1, Math.min(run.dataset.size, Math.trunc(Number(ui.example.value) || 1)));
    ui.example.value = String(i);
    stop();
    setState(cursor >= run.total ? "done" : "paused");
    const spec = snapshotNetwork(runSettings, snapshot, run.dataset, i - 1, activations);
    onOpen(spec, { step: snapshot.step, example: i });
  };

  const build = () => {
    root.replaceChildren();
    // The graph stepper's keys (arrows, space, Home/End) must not act on the hidden graph.
    root.addEventListener("keydown", (event) => event.stopPropagation());
    const layout = el("div", "train-layout");
    const settings = el("section", "train-settings panel");
    settings.setAttribute("aria-label", "Training settings");
    settings.append(el("h2", "panel-title", "Train a network"));
    const stage = el("section", "train-stage");
    stage.setAttribute("aria-label", "Training run");
    layout.append(settings, stage);
    root.append(layout);

    const bar = el("div", "train-bar panel");
    const trainButton = button("Train", { cls: "primary", onClick: onTrain });
    const stepButton = button("Train one step", { onClick: onStep });
    const resetButton = button("Reset training", {
      onClick: () => (reset(), say("Reset: Train starts again from the initial weights.")),
    });
    const counter = el("output", "train-counter", "Step 0 · not trained yet");
    const scrubber = input({
      type: "range",
      min: 0,
      max: 0,
      value: 0,
      step: 1,
      "aria-label": "Training step",
      class: "train-scrubber",
    });
    scrubber.addEventListener("input", () => {
      if (!run) return;
      stop();
      cursor = Number(scrubber.value);
      render();
      setState(cursor >= run.total ? "done" : "paused");
    });
    const buttons = el("div", "buttons");
    buttons.append(trainButton, stepButton, resetButton);
    bar.append(buttons, counter, scrubber);
    const status = el("p", "train-status");
    status.setAttribute("role", "status");

    const plots = el("div", "train-plots");
    const surfaceFig = el("figure", "panel surface-figure");
    const surfaceHead = el("div", "loss-head");
    const surfacePngButton = button("PNG", { cls: "ghost small", label: "PNG of the decision surface" });
    surfaceHead.append(el("h3", "panel-title", "Decision surface"), surfacePngButton);
    surfaceFig.append(surfaceHead);
    const surfaceHost = el("div", "surface-host");
    surfaceFig.append(surfaceHost);
    const surfaceCaption = el("figcaption", "surface-caption");
    const key = el("p", "surface-key");
    const swatch = (c, shape, text) => {
      const s = el("span", `key-item`);
      const mark = el("span", `key-mark ${shape}`);
      mark.style.background = `rgb(${c.join(",")})`;
      s.append(mark, document.createTextNode(text));
      return s;
    };
    key.append(
      swatch(CLASS_COLORS[0], "square", "class 0"),
      swatch(CLASS_COLORS[1], "circle", "class 1"),
      el("span", "key-note", "background: the model's output (white = undecided)"),
    );
    surfaceFig.append(surfaceCaption, key);
    const lossFig = el("figure", "panel loss-figure");
    const lossHead = el("div", "loss-head");
    lossHead.append(el("h3", "panel-title", "Loss"));
    const logScale = input({ type: "checkbox" });
    const logField = field("Log scale", logScale, { cls: "check-field" });
    logScale.addEventListener("change", () => render());
    const lossPngButton = button("PNG", { cls: "ghost small", label: "PNG of the loss curve" });
    const lossTools = el("div", "loss-tools");
    lossTools.append(logField.wrap, lossPngButton);
    lossHead.append(lossTools);
    const chartHost = el("div", "chart-host");
    lossFig.append(lossHead, chartHost);
    const open = el("div", "open-row");
    const example = input({ type: "number", min: 1, step: 1, value: 1, inputmode: "numeric" });
    const openButton = button("Open snapshot in graph", { onClick: onOpenSnapshot });
    const openNote = el("span", "tool-hint");
    open.append(field("Example", example, { cls: "tool-field inline" }).wrap, openButton, openNote);
    lossFig.append(open);
    plots.append(surfaceFig, lossFig);
    stage.append(bar, status, plots);

    ui = {
      trainButton,
      stepButton,
      resetButton,
      counter,
      scrubber,
      status,
      logScale,
      example,
      openButton,
      openNote,
      surfaceCaption,
      surface: createSurface(surfaceHost),
      chart: createLossChart(chartHost),
      form: createTrainingForm(settings, {
        activations,
        onChange: (name, structural) => {
          onSettings(ui.form.read.safe());
          if (structural && run) {
            reset();
            say("The data or the network changed: Train starts a new run.");
          } else if (run) say("New settings apply from the next Train.");
          else {
            ui.chart.clear(ui.form.read.safe().steps);
            if (structural) preview();
          }
        },
      }),
    };
    const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
    const save = (make, name) =>
      make().then(
        (blob) => download(blob, `chainrule-${name}-${stamp()}.png`),
        (err) => say(err.message, "error"),
      );
    surfacePngButton.addEventListener("click", () => save(() => surfacePng(ui.surface.element), "surface"));
    lossPngButton.addEventListener("click", () =>
      save(() => lossChartPng(chartHost.querySelector("svg.loss-chart")), "loss"),
    );
    ui.surface.clear();
    ui.chart.clear(ui.form.read.safe().steps);
    preview();
    window.addEventListener("resize", () => {
      ui.chart.resize();
      drawnSnapshot = null;
      render();
    });
    say("Choose a dataset and press Train: the server trains, and the run replays here step by step.");
    setState("idle");
  };

  /** Builds the view on first use and redraws (sizes are only known once it is visible). */
  const show = () => {
    if (!ui) build();
    ui.chart.resize();
    drawnSnapshot = null;
    render();
  };

  /** The settings as far as they read (defaults for a field that does not). */
  const settings = () => {
    if (!ui) build();
    return ui.form.read.safe();
  };

  /** Fills the form with saved settings (a link or a reload), over the dataset's preset. */
  const restore = (saved) => {
    if (!ui) build();
    const preset = defaultSettings(DATASETS.includes(saved.dataset) ? saved.dataset : "xor");
    const known = Object.fromEntries(
      Object.keys(preset)
        .filter((k) => saved[k] !== undefined)
        .map((k) => [k, saved[k]]),
    );
    ui.form.set({ ...preset, ...known });
    if (run) reset();
  };

  /** The activations to offer and label by (the server's, once GET /api/v1/ops has answered). */
  const setActivations = (list) => {
    activations = list;
    ui?.form.setActivations(list);
    drawnSnapshot = null; // a surface's range may follow a class_off that was not known
    if (ui) render();
  };

  return { show, settings, restore, setActivations };
};
