"""Report generation as jobs: a document's official forms (项目支出绩效目标表), as the user may see
them, written by a background job to a file the job's starter then downloads from its page."""
