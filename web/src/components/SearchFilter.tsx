import { NativeSelect } from '@mantine/core';
import { useSearchParams } from 'react-router';

/**
 * Sets (or, empty, removes) one parameter of the address, replacing the history entry: filters
 * live in the address so a filtered view can be shared. It starts from the address itself, not
 * from the last render, so two filters set at once both stay.
 * @example const setParam = useSetSearchParam(); setParam('status', 'open');
 */
export function useSetSearchParam(): (key: string, value: string | null) => void {
  const [, setParams] = useSearchParams();
  return (key, value) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
}

/**
 * A filter of a list kept in the address as `?param=value`; its first option, empty, shows all.
 * @example <FilterSelect param="status" label={t('alerts.status')} value={status} allLabel={t('alerts.allStatuses')} options={…} w={240} />
 */
export function FilterSelect({
  param,
  label,
  value,
  allLabel,
  options,
  w,
}: {
  param: string;
  label: string;
  value: string;
  allLabel: string;
  options: { value: string; label: string }[];
  w: number;
}) {
  const setParam = useSetSearchParam();
  return (
    <NativeSelect label={label} value={value} w={w} onChange={(event) => setParam(param, event.currentTarget.value)}>
      <option value="">{allLabel}</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </NativeSelect>
  );
}
