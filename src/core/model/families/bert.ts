import type { FamilyModule } from '../registry/family';

export const BERT: FamilyModule = {};
