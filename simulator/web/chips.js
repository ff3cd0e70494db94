// Status and outcome chips: one colour per status, set by CSS from the class.
import { h } from './dom.js';

// What the simulator emits, in lifecycle order (for the filter and "force status" selects).
export const STATUSES = ['ENROUTE', 'QUEUED', 'DELIVRD', 'REJECTD', 'UNDELIV', 'EXPIRED', 'UNKNOWN'];
// Every status the chips know a colour for (the vendor's table has a few more).
const COLOURED = new Set([...STATUSES, 'ACCEPTD', 'DELETED', 'QUEUE']);

export function statusChip(status) {
  const chip = h('span', { class: 'chip', test: 'status-chip' });
  setStatusChip(chip, status);
  return chip;
}

export function setStatusChip(chip, status) {
  chip.className = `chip status-${COLOURED.has(status) ? status : 'other'}`;
  chip.textContent = status;
}

const OUTCOMES = new Set(['delivered', 'will_retry', 'failed']);

export function outcomeChip(outcome) {
  return h('span', { class: `chip outcome-${OUTCOMES.has(outcome) ? outcome : 'other'}` },
    outcome === 'will_retry' ? 'will retry' : outcome);
}
