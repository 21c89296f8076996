import type { TierAction, TierConfig, TierName } from '../dsl/types.js';
import type { Tier } from './types.js';

export const TIER_NAMES: readonly TierName[] = ['critical', 'high', 'medium'];

// Restarting is opt-in (tiers.critical.action plus a webhook receiver that does it): by default nothing
// promises a restart that no receiver performs.
const DEFAULT_ACTION: Record<TierName, TierAction> = {
  critical: 'page',
  high: 'page',
  medium: 'investigate',
};

const DEFAULT_ACTION_TEXT: Record<TierAction, string> = {
  'auto-restart': 'Auto-restart: the process is restarted automatically; check that memory stays flat afterwards.',
  page: 'Page on-call: find the leaking code path and deploy a fix or roll back.',
  investigate: 'Investigate: look for the leak pattern in working hours; no immediate action needed.',
};

export function resolveTiers(config: Partial<Record<TierName, TierConfig>> = {}): Record<TierName, Tier> {
  const tiers = {} as Record<TierName, Tier>;
  for (const name of TIER_NAMES) {
    const c = config[name] ?? {};
    const action = c.action ?? DEFAULT_ACTION[name];
    tiers[name] = { name, severity: c.severity ?? name, action, actionText: c.actionText ?? DEFAULT_ACTION_TEXT[action] };
  }
  return tiers;
}
