/** Every scenario of the fault suite, by the name `--only` takes. */
import type { SoakScenario } from '../soak';
import { churn } from './churn';
import { emfile } from './emfile';
import { failureStorms } from './failure-storms';
import { floods } from './floods';
import { malformed } from './malformed';
import { resets } from './resets';
import { slowloris } from './slowloris';

export const soakScenarios: Record<string, SoakScenario> = {
  churn,
  resets,
  slowloris,
  'failure-storms': failureStorms,
  floods,
  emfile,
  malformed,
};
