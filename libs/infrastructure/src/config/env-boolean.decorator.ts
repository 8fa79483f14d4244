import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';

/** `true` / `false` (also 1 / 0) from the environment; anything else is reported as invalid, not read as true. */
export const EnvBoolean = (): PropertyDecorator => {
  const toBoolean = Transform(({ value }: { value: unknown }) => {
    if (value === true || value === 'true' || value === '1') {
      return true;
    }
    if (value === false || value === 'false' || value === '0') {
      return false;
    }
    return value;
  });
  const mustBeBoolean = IsBoolean({ message: 'must be true or false' });
  return (target, key) => {
    toBoolean(target, key);
    mustBeBoolean(target, key);
  };
};
