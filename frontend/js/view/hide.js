// The view's controls that a URL flag or an option can hide (`hide=stepper,narration`).
export const HIDEABLE = ["stepper", "narration", "inspector", "zoom", "fit", "follow", "present", "speed", "scrubber"];
