/**
 * The statically allocated identifier strings (CPython 3.14's _Py_STR literals and _Py_ID
 * identifiers, Include/internal/pycore_global_strings.h, generated there by
 * Tools/build/generate_global_objects.py). They are immortal static compact-ASCII strings interned
 * in the runtime-global table at start-up (state SSTATE_INTERNED_IMMORTAL_STATIC), so
 * `sys.intern("__init__")` returns the static object and `sys._is_immortal` says True.
 *
 * The table is CPython's list as of a 3.14-era checkout (sorted as CPython keeps it). The three
 * singleton sets are disjoint: one-character strings are the Latin-1 singletons and "" is
 * _Py_STR(empty), so neither appears here. Order matters only for the layout of the static area.
 */

/** _Py_STR literals other than "" (their C names are in the comments of pycore_global_strings.h). */
export const PY_STR_LITERALS: readonly string[] = [
  "<dictcomp>",
  "<genexpr>",
  "<lambda>",
  "<listcomp>",
  "<module>",
  "<NULL>",
  "<setcomp>",
  "<string>",
  "<unknown>",
  "}}",
  "{{",
  "%%",
  ".defaults",
  ".<locals>",
  ".format",
  ".generic_base",
  "json.decoder",
  ".kwdefaults",
  "list index out of range",
  "1e309",
  ".type_params",
  "utf-8",
];

/** _Py_ID(NAME): the identifier strings. */
export const PY_ID_NAMES: readonly string[] = `
  CANCELLED FINISHED False JSONDecodeError PENDING Py_Repr TextIOWrapper True WarningMessage
  _WindowsConsoleIO __IOBase_closed __abc_tpflags__ __abs__ __abstractmethods__ __add__ __aenter__
  __aexit__ __aiter__ __all__ __and__ __anext__ __annotate__ __annotate_func__ __annotations__
  __annotations_cache__ __args__ __await__ __bases__ __bool__ __buffer__ __build_class__ __builtins__
  __bytes__ __call__ __cantrace__ __ceil__ __class__ __class_getitem__ __classcell__ __classdict__
  __classdictcell__ __complex__ __conditional_annotations__ __contains__ __ctypes_from_outparam__ __del__
  __delattr__ __delete__ __delitem__ __dict__ __dictoffset__ __dir__ __divmod__ __doc__ __enter__ __eq__
  __exit__ __file__ __firstlineno__ __float__ __floor__ __floordiv__ __format__ __fspath__ __ge__ __get__
  __getattr__ __getattribute__ __getinitargs__ __getitem__ __getnewargs__ __getnewargs_ex__ __getstate__
  __gt__ __hash__ __iadd__ __iand__ __ifloordiv__ __ilshift__ __imatmul__ __imod__ __import__ __imul__
  __index__ __init__ __init_subclass__ __instancecheck__ __int__ __invert__ __ior__ __ipow__ __irshift__
  __isabstractmethod__ __isub__ __iter__ __itruediv__ __ixor__ __le__ __len__ __length_hint__ __lltrace__
  __loader__ __lshift__ __lt__ __main__ __match_args__ __matmul__ __missing__ __mod__ __module__
  __mro_entries__ __mul__ __name__ __ne__ __neg__ __new__ __newobj__ __newobj_ex__ __next__ __notes__
  __or__ __orig_class__ __origin__ __package__ __parameters__ __path__ __pos__ __pow__ __prepare__
  __qualname__ __radd__ __rand__ __rdivmod__ __reduce__ __reduce_ex__ __release_buffer__ __repr__
  __reversed__ __rfloordiv__ __rlshift__ __rmatmul__ __rmod__ __rmul__ __ror__ __round__ __rpow__
  __rrshift__ __rshift__ __rsub__ __rtruediv__ __rxor__ __set__ __set_name__ __setattr__ __setitem__
  __setstate__ __sizeof__ __slotnames__ __slots__ __spec__ __static_attributes__ __str__ __sub__
  __subclasscheck__ __subclasshook__ __truediv__ __trunc__ __type_params__
  __typing_is_unpacked_typevartuple__ __typing_prepare_subst__ __typing_subst__
  __typing_unpacked_tuple_args__ __warningregistry__ __weaklistoffset__ __weakref__ __xor__ _abc_impl
  _abstract_ _active _anonymous_ _argtypes_ _as_parameter_ _asyncio_future_blocking _blksize _bootstrap
  _check_retval_ _dealloc_warn _feature_version _field_types _fields_ _filters _finalizing _find_and_load
  _fix_up_module _flags_ _get_sourcefile _handle_fromlist _initializing _internal_use _io
  _is_text_encoding _isatty_open_only _length_ _limbo _lock_unlock_module _loop _needs_com_addref_
  _only_immortal _restype_ _showwarnmsg _shutdown _slotnames _strptime _strptime_datetime_date
  _strptime_datetime_datetime _strptime_datetime_time _type_ _uninitialized_submodules
  _warn_unawaited_coroutine _xoptions abs_tol access aclose add add_done_callback after_in_child
  after_in_parent alias align all all_threads allow_code any append arg argdefs args arguments argv
  as_integer_ratio asend ast athrow attribute autocommit backtick base before big binary_form bit_offset
  bit_size block bound buffer buffer_callback buffer_size buffering buffers bufsize builtins byte_offset
  byte_size byteorder bytes bytes_per_sep c_call c_exception c_parameter_type c_return
  cached_datetime_module cached_statements cadata cafile call call_exception_handler call_soon callable
  callback cancel capath category cb_type certfile check_same_thread clear close closed closefd closure
  co_argcount co_cellvars co_code co_consts co_exceptiontable co_filename co_firstlineno co_flags
  co_freevars co_kwonlyargcount co_linetable co_name co_names co_nlocals co_posonlyargcount co_qualname
  co_stacksize co_varnames code col_offset command comment_factory compile_mode config consts context
  contravariant conversion cookie copy copyreg coro count covariant cwd d_parameter_type data database
  date day days debug decode decoder default defaultaction delete depth desired_access detect_types
  deterministic device dict difference_update digest digest_size digestmod dir_fd discard dispatch_table
  displayhook dklen doc done dont_inherit dst dst_dir_fd eager_start effective_ids element_factory
  emptyerror encode encoding end end_col_offset end_lineno end_offset endpos entrypoint env errors event
  eventmask exc exc_type exc_value excepthook exception existing_file_name exp expression extend
  extra_tokens facility factory fallback false family fanout fd fd2 fdel fget fields file file_actions
  filename fileno filepath fillvalue filter filters final find_class fix_imports flags flush fold
  follow_symlinks format format_spec frame_buffer from_param fromlist fromtimestamp fromutc fset fullerror
  func future generation get get_debug get_event_loop get_loop get_source getattr getstate gid globals
  groupindex groups handle handle_seq has_location hash_name header headers hi hook hour hours id ident
  identity_hint ignore imag implieslink importlib in_fd include_aliases incoming index indexgroup inf
  infer_variance inherit_handle inheritable initial initial_bytes initial_owner initial_state
  initial_value initval inner_size input insert_comments insert_pis instructions intern intersection
  interval io is_compress is_raw is_running is_struct isatty isinstance isoformat isolation_level istext
  item items iter iterable iterations join jump keepends key keyfile keys kind kw kw1 kw2 kwargs
  kwdefaults label last last_exc last_node last_traceback last_type last_value latin1 leaf_size len length
  level limit line line_buffering lineno little lo locale locals logoption loop manual_reset mapping match
  max_length maxdigits maxevents maxlen maxmem maxsize maxsplit maxvalue memLevel memlimit message
  metaclass metadata method microsecond microseconds milliseconds minute minutes mod mode module
  module_globals modules month mro msg mutex mycmp n_fields n_sequence_fields n_unnamed_fields name
  name_from namespace_separator namespaces ndigits nested new_file_name new_limit newline newlines next
  nlocals node_depth node_offset ns nstype nt null number obj object offset offset_dst offset_src
  on_type_read onceregistry only_active_thread only_keys oparg opcode open opener operation optimize
  options order origin out_fd outgoing outpath overlapped owner pages parameter parent password path
  pattern peek persistent_id persistent_load person pi_factory pid policy pos pos1 pos2 posix preserve_exc
  print_file_and_line priority progress progress_routine proto protocol ps1 ps2 qid query queuetype
  quotetabs raw read read1 readable readall readinto readinto1 readline readonly real reducer_override
  registry rel_tol release reload repl replace reqrefs require_ready reserved reset resetids restrict
  return reverse reversed salt sched_priority scheduler script second seconds security_attributes seek
  seekable selectors self send sep sequence server_hostname server_side session setpgroup setsid setsigdef
  setsigmask setstate shape shared show_cmd signed size sizehint skip_file_prefixes sleep sock sort source
  source_traceback spam src src_dir_fd stacklevel start statement status stderr stdin stdout step steps
  store_name strategy strftime strict strict_mode string sub_key subcalls symmetric_difference_update
  tabsize tag target target_is_directory task tb_frame tb_lasti tb_lineno tb_next tell template term text
  threading throw time timeout timer times timespec timestamp timetuple timeunit top traceback trailers
  translate true truncate twice txt type type_params tz tzinfo tzname uid unboundop unlink unraisablehook
  updates uri usedforsecurity value values version volume wait_all warn_on_full_buffer warnings
  warnoptions wbits week weekday weeks which who withdata writable write write_through year zdict
  zstd_dict
`
  .trim()
  .split(/\s+/);

/** Every static string besides "" and the Latin-1 singletons, literals first. */
export const STATIC_IDENTIFIERS: readonly string[] = [...PY_STR_LITERALS, ...PY_ID_NAMES];
