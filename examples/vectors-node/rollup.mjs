// Checks the roll-up vectors of vectors/rollup.json against a roll-up
// written here from the rules alone, as a service in another language
// would check its own. Usage: node rollup.mjs [path/to/rollup.json]
import { readFileSync } from "node:fs";

const path = process.argv[2] ?? new URL("../../vectors/rollup.json", import.meta.url);
const file = JSON.parse(readFileSync(path, "utf8"));
if (file.Version !== 1) throw new Error(`rollup.json version ${file.Version}, not 1`);

// The legacy family: a periodic invocation runs until every instance stops.
function legacy(set, periodic) {
  const has = (s) => set.has(s);
  if (periodic) {
    if ([...set].some((s) => s !== "Stopping" && s !== "Stopped")) return "Running";
    return has("Stopping") ? "Stopping" : "Stopped";
  }
  if (has("Running")) return "Running";
  if (has("Stopping")) return "Stopping";
  if (set.size === 1 && has("Stopped")) return "Stopped";
  if (!has("Finished")) return "Failed";
  return has("Failed") ? "PartialFailed" : "Finished";
}

// The current family, the same for one-time and periodic invocations.
const failed = new Set(["Invalid", "Aborted", "Failed", "Error", "Timeout"]);
const stopped = new Set(["Cancelled", "Terminated", "Stopped"]);
function current(set) {
  for (const s of ["Pending", "Scheduled", "Running", "Stopping"]) if (set.has(s)) return s;
  if ([...set].every((s) => stopped.has(s))) return "Stopped";
  if (!set.has("Success")) return "Failed";
  return [...set].some((s) => failed.has(s)) ? "PartialFailed" : "Success";
}

let checked = 0;
const wrong = [];
for (const [family, rollup] of [["Legacy", legacy], ["Current", current]]) {
  for (const v of file[family].Vectors) {
    const set = new Set(v.Statuses);
    for (const [key, periodic] of [["OneTime", false], ["Periodic", true]]) {
      const got = rollup(set, periodic);
      checked++;
      if (got !== v[key]) wrong.push(`${family} ${key} [${v.Statuses}]: want ${v[key]}, got ${got}`);
    }
  }
}
for (const line of wrong.slice(0, 10)) console.log(line);
console.log(wrong.length === 0 ? `all ${checked} roll-up vectors agree` : `${wrong.length} of ${checked} roll-up vectors disagree`);
process.exit(wrong.length === 0 ? 0 : 1);
