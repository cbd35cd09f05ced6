import type { FamilyModule } from '../registry/family';

export const DEEPSEEK: FamilyModule = {};
